declare module 'pg/lib/utils' {
  /** How node-postgres turns a parameter into its text form (dates, arrays, JSON, buffers). */
  export function prepareValue(value: unknown): string | Buffer | null;
}
