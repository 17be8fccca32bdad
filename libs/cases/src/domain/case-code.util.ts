import type { CaseKind } from '@app/workflow';

const PREFIX: Record<CaseKind, string> = { rectification: 'ZG', hotline: 'RX', accountability: 'WZ', obligation: 'LZ' };

/** ZG-2026-000123: readable, sequential per kind and year. */
export function formatCaseCode(kind: CaseKind, year: number, sequence: number): string {
  return `${PREFIX[kind]}-${year}-${String(sequence).padStart(6, '0')}`;
}

export function shanghaiYear(instant: Date): number {
  return new Date(instant.getTime() + 8 * 3600_000).getUTCFullYear();
}
