/** What the case row says its chain ends with: written in the same transaction as every event. */
export interface CaseHead {
  id: string;
  /** The case number people know it by (ZG-2026-000010); reports name it. */
  code?: string;
  version: number;
  chainHead: string;
}

export interface TipFinding {
  /** Events the case row counts but the trail no longer has (a cut tail), capped at 100. */
  truncated?: { lastSeq: number; version: number; missingSeqs: number[]; missingCount: number };
  /** The chain is whole and as long as the row says, but ends in another hash: it was rewritten. */
  headMismatch?: true;
}

const LISTED = 100;

/** Compares a chain that verified up to `lastSeq`/`lastHash` with its case row's head. */
export function compareTip(head: CaseHead, lastSeq: number, lastHash: string): TipFinding {
  if (lastSeq < head.version) {
    const missingCount = head.version - lastSeq;
    const missingSeqs = Array.from({ length: Math.min(missingCount, LISTED) }, (_, i) => lastSeq + 1 + i);
    return { truncated: { lastSeq, version: head.version, missingSeqs, missingCount } };
  }
  if (lastSeq > head.version || lastHash !== head.chainHead) return { headMismatch: true };
  return {};
}
