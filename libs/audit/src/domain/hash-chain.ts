import { createHash } from 'node:crypto';
import { trailProfile } from './trail-profile';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an audit event that its hash covers (everything but its own id and hashes). */
export interface AuditRecord {
  caseId: string;
  seq: number;
  type: string;
  payload: Record<string, unknown>;
  fromState: string | null;
  toState: string;
  actorId: string;
  actorRole: string;
  actorUnitId: string | null;
  machineVersion: number;
  correlationId: string;
  at: string;
}

export interface ChainedRecord extends AuditRecord {
  prevHash: string;
  hash: string;
}

/** JSON with object keys sorted at every level, so the same event always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** H(prevHash || canonical JSON of body), H = SHA-256 (SM3 in the 国密 profile): one link of any chain of the trail. */
export function linkHash(prevHash: string, body: object): string {
  return createHash(trailProfile().hash).update(prevHash).update(canonicalJson(body)).digest('hex');
}

/** hash = sha256(prevHash || canonical JSON of the event) — DESIGN.md §3. */
export function chainHash(prevHash: string, record: AuditRecord): string {
  const body: AuditRecord = {
    caseId: record.caseId,
    seq: record.seq,
    type: record.type,
    payload: record.payload,
    fromState: record.fromState,
    toState: record.toState,
    actorId: record.actorId,
    actorRole: record.actorRole,
    actorUnitId: record.actorUnitId,
    machineVersion: record.machineVersion,
    correlationId: record.correlationId,
    at: record.at,
  };
  return linkHash(prevHash, body);
}

export function chain(prevHash: string, record: AuditRecord): ChainedRecord {
  return { ...record, prevHash, hash: chainHash(prevHash, record) };
}

export interface ChainCheck {
  valid: boolean;
  checked: number;
  firstBrokenSeq?: number;
  lastHash: string;
  lastSeq: number;
}

/**
 * Checks a run of one case's events in seq order, continuing from `from` (the genesis for seq 1):
 * seq must follow on without gaps, each prevHash must be the previous hash, each hash must match.
 */
export function verifyRun(records: readonly ChainedRecord[], from: { lastHash: string; lastSeq: number } = { lastHash: GENESIS_HASH, lastSeq: 0 }): ChainCheck {
  let { lastHash, lastSeq } = from;
  let checked = 0;
  for (const record of records) {
    const expectedSeq = lastSeq + 1;
    if (record.seq !== expectedSeq || record.prevHash !== lastHash || chainHash(record.prevHash, record) !== record.hash) {
      return { valid: false, checked, firstBrokenSeq: expectedSeq === record.seq ? record.seq : expectedSeq, lastHash, lastSeq };
    }
    checked++;
    lastHash = record.hash;
    lastSeq = record.seq;
  }
  return { valid: true, checked, lastHash, lastSeq };
}
