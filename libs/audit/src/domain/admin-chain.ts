import type { AdminEventType, AdminSubject } from '@app/workflow';
import { GENESIS_HASH, linkHash } from './hash-chain';

/** The fields of an admin event that its hash covers. */
export interface AdminRecord {
  seq: number;
  type: AdminEventType;
  subjectType: AdminSubject;
  subjectId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  actorId: string;
  actorRole: string;
  actorUnitId: string | null;
  correlationId: string;
  at: string;
}

export interface ChainedAdminRecord extends AdminRecord {
  prevHash: string;
  hash: string;
}

/** The admin chain's name in the global log, where case chains are named by their case id. */
export const ADMIN_CHAIN = 'admin';

/** hash = sha256(prevHash || canonical JSON of the record), as for case events. */
export function adminHash(prevHash: string, r: AdminRecord): string {
  const body: AdminRecord = {
    seq: r.seq,
    type: r.type,
    subjectType: r.subjectType,
    subjectId: r.subjectId,
    before: r.before,
    after: r.after,
    actorId: r.actorId,
    actorRole: r.actorRole,
    actorUnitId: r.actorUnitId,
    correlationId: r.correlationId,
    at: r.at,
  };
  return linkHash(prevHash, body);
}

export function chainAdmin(prevHash: string, record: AdminRecord): ChainedAdminRecord {
  return { ...record, prevHash, hash: adminHash(prevHash, record) };
}

/** Checks a run of the admin chain in seq order from `from`; the first seq that does not hold, if any. */
export function verifyAdminRun(
  records: readonly ChainedAdminRecord[],
  from: { lastHash: string; lastSeq: number } = { lastHash: GENESIS_HASH, lastSeq: 0 },
): { valid: boolean; checked: number; firstBrokenSeq?: number; lastHash: string; lastSeq: number } {
  let { lastHash, lastSeq } = from;
  let checked = 0;
  for (const r of records) {
    if (r.seq !== lastSeq + 1 || r.prevHash !== lastHash || adminHash(r.prevHash, r) !== r.hash) {
      return { valid: false, checked, firstBrokenSeq: lastSeq + 1, lastHash, lastSeq };
    }
    checked++;
    lastHash = r.hash;
    lastSeq = r.seq;
  }
  return { valid: true, checked, lastHash, lastSeq };
}
