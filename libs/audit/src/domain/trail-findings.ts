/** The parts of a verification report that name what was found. */
export interface TrailFindingsSource {
  broken: { caseId: string; firstBrokenSeq: number; headMismatch?: true }[];
  truncated: { caseId: string; lastSeq: number; missingCount: number }[];
  admin: { valid: boolean; firstBrokenSeq?: number };
  log: { missingCount: number; unlogged: number; queuedGone: number };
  missingLogIndexes: number[];
  alteredLogIndexes: number[];
  checkpointMismatch: { treeSize: number; at: string; reason: 'root' | 'signature' | 'key' }[];
}

/** One line per finding, for a terminal, a log line or an alert; empty when nothing was found. */
export function describeFindings(r: TrailFindingsSource): string[] {
  const lines: string[] = [];
  for (const b of r.broken) lines.push(b.headMismatch ? `case ${b.caseId}: chain rewritten (its last hash is not the case row's)` : `case ${b.caseId}: broken at seq ${b.firstBrokenSeq}`);
  for (const c of r.truncated) lines.push(`case ${c.caseId}: truncated, ${c.missingCount} event(s) missing from seq ${c.lastSeq + 1}`);
  if (!r.admin.valid) lines.push(`admin chain: broken at seq ${r.admin.firstBrokenSeq}`);
  if (r.log.missingCount) lines.push(`global log: ${r.log.missingCount} entr(ies) missing, e.g. index ${r.missingLogIndexes.slice(0, 10).join(', ')}`);
  if (r.log.unlogged) lines.push(`global log: ${r.log.unlogged} event(s) neither logged nor queued (their queue entry was removed)`);
  if (r.log.queuedGone) lines.push(`global log: ${r.log.queuedGone} queued event(s) deleted before they were logged`);
  if (r.alteredLogIndexes.length) lines.push(`global log: events changed after logging at index ${r.alteredLogIndexes.slice(0, 10).join(', ')}`);
  for (const m of r.checkpointMismatch.slice(0, 10)) {
    const why = m.reason === 'root' ? 'root does not match the events now present' : m.reason === 'signature' ? 'signature invalid' : 'signed by an untrusted key';
    lines.push(`checkpoint of ${m.treeSize} entries (${m.at}): ${why}`);
  }
  return lines;
}
