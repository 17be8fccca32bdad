import { createHmac } from 'node:crypto';
import { trailProfile } from '@app/audit';

/** A hotline caller's personal data: kept beside the case, never in `cases.fields` or the trail. */
export const CALLER_FIELDS = ['callerName', 'callerPhone'] as const;
export type CallerField = (typeof CALLER_FIELDS)[number];

/** Set on a case's fields (as read) once its caller's data was lawfully erased. */
export const CALLER_ERASED_AT = 'callerErasedAt';

export interface CallerData {
  /** The HMAC key of this case's commitments; erased with the data, after which they bind nothing. */
  salt: Buffer;
  callerName: string | null;
  callerPhone: string | null;
}

/**
 * What the OPENED event records instead of a caller's data: HMAC (SHA-256, or SM3 in the 国密 profile) under the case's random
 * salt of the field's name and value. A bare hash would not do, a phone number has too few digits
 * to hide behind one; with the salt and the value anyone can check it, without them no one can.
 */
export function callerCommitment(salt: Buffer, field: CallerField, value: string): string {
  return createHmac(trailProfile().hash, salt).update(`${field}\u0000${value}`, 'utf8').digest('hex');
}

export function callerOf(fields: Record<string, unknown>, salt: Buffer): CallerData | null {
  const text = (key: CallerField) => (typeof fields[key] === 'string' ? (fields[key] as string) : null);
  const data = { salt, callerName: text('callerName'), callerPhone: text('callerPhone') };
  return data.callerName === null && data.callerPhone === null ? null : data;
}

export function commitmentsOf(caller: CallerData): Partial<Record<CallerField, string>> {
  const out: Partial<Record<CallerField, string>> = {};
  for (const field of CALLER_FIELDS) {
    const value = caller[field];
    if (value !== null) out[field] = callerCommitment(caller.salt, field, value);
  }
  return out;
}

/** The fields as `cases.fields` stores them: without the caller's data (nor its erasure mark, which is read from beside it). */
export function withoutCaller(fields: Record<string, unknown>): Record<string, unknown> {
  const out = { ...fields };
  for (const key of [...CALLER_FIELDS, CALLER_ERASED_AT]) delete out[key];
  return out;
}
