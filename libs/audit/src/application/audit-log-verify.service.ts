import { Injectable } from '@nestjs/common';
import { keyId, type NoteKey, publicKeyFromPem, verifyCheckpoint } from '../domain/signed-note';
import { TreeFrontier } from '../domain/merkle-tree';
import { AuditLogRepository, type StoredCheckpoint } from '../persistence/audit-log.repository';
import { leafOf } from './audit-log.service';

const PAGE = 10_000;
const LISTED = 100;

export interface CheckpointMismatch {
  id: string;
  treeSize: number;
  at: string;
  /** root: the events now present give another root; signature: the note is not signed by its key; key: its key is unknown. */
  reason: 'root' | 'signature' | 'key';
}

export interface LogReport {
  size: number;
  checkpoints: number;
  /** Log indexes with no entry, or whose event is gone (a deleted event or case), at most 100. */
  missingLogIndexes: number[];
  missingCount: number;
  /** Entries whose event no longer hashes to the leaf recorded when it was sequenced. */
  alteredLogIndexes: number[];
  checkpointMismatch: CheckpointMismatch[];
  /** Events neither logged nor queued (they can never be), and queued entries whose event is gone; full replays only. */
  unlogged: number;
  queuedGone: number;
}

/** Past this many missing indexes in one hole the tree is not rebuilt on: every later root is wrong anyway. */
const LARGEST_HOLE = 100_000;

/**
 * Replays the whole log from the events as they are stored now: every index present, every leaf
 * recomputed, and at each checkpoint's size the root compared with the signed one.
 */
@Injectable()
export class AuditLogVerifyService {
  constructor(private readonly log: AuditLogRepository) {}

  /**
   * `trustedKeys`: the public keys kept outside Rectify (the witness's copies). Given, only they
   * count: a checkpoint signed by a key the database lists but the witness does not is 'key'.
   */
  async verify(options: { trustedKeys?: readonly NoteKey[] } = {}): Promise<LogReport> {
    return (await this.replay(options)).report;
  }

  /**
   * Replays the log from `from` (the start, by default) up to `upTo` entries (all, by default),
   * checking each checkpoint reached; returns where it stopped and which chains it passed, so a
   * watcher can go on from there next time.
   */
  async replay(options: { trustedKeys?: readonly NoteKey[]; from?: LogPosition; upTo?: number | 'signed' } = {}): Promise<LogReplay> {
    const all = await this.log.allCheckpoints();
    const checkpoints = all.slice(options.from?.checkpointsChecked ?? 0);
    const keys = new Map<string, NoteKey>(
      options.trustedKeys
        ? options.trustedKeys.map((k) => [keyId(k.name, k.algorithm, k.publicKey).toString('hex'), k])
        : (await this.log.keys()).map((k) => [k.keyId, { name: k.name, algorithm: k.algorithm, publicKey: publicKeyFromPem(k.publicKey) }]),
    );
    const report: LogReport = {
      size: 0,
      checkpoints: checkpoints.length,
      missingLogIndexes: [],
      missingCount: 0,
      alteredLogIndexes: [],
      checkpointMismatch: [],
      unlogged: 0,
      queuedGone: 0,
    };
    const chains = new Set<string>();
    const missing = (index: number) => {
      report.missingCount++;
      if (report.missingLogIndexes.length < LISTED) report.missingLogIndexes.push(index);
    };
    /** Checks a checkpoint's key and signature, then its root against `frontier` (null: the log ends before its size). */
    const check = (c: StoredCheckpoint, frontier: TreeFrontier | null) => {
      const key = keys.get(c.keyId);
      const mismatch = (reason: CheckpointMismatch['reason']) => report.checkpointMismatch.length < LISTED && report.checkpointMismatch.push({ id: c.id, treeSize: c.treeSize, at: c.at, reason });
      if (!key) return mismatch('key');
      if (!verifyCheckpoint(c.note, key)) return mismatch('signature');
      const root = frontier?.root().toString('base64');
      if (!root || root !== c.rootHash || !c.note.includes(`\n${c.treeSize}\n${root}\n`)) mismatch('root');
    };

    let frontier = options.from?.frontier ?? TreeFrontier.empty();
    // 'signed': stop at the largest signed size, so a watcher's next run starts at a checkpoint.
    const upTo = options.upTo === 'signed' ? Math.max(options.from?.frontier.size ?? 0, ...all.map((c) => c.treeSize)) : (options.upTo ?? Infinity);
    let next = 0;
    const due = () => {
      while (next < checkpoints.length && checkpoints[next].treeSize === frontier.size) check(checkpoints[next++], frontier);
    };
    due();
    replay: for (let from = frontier.size; from < upTo; ) {
      const leaves = (await this.log.leaves(from, PAGE)).filter((l) => l.logIndex < upTo);
      for (const leaf of leaves) {
        if (leaf.logIndex - frontier.size > LARGEST_HOLE) {
          for (let i = frontier.size; i < frontier.size + LISTED; i++) missing(i);
          report.missingCount += leaf.logIndex - frontier.size - LISTED;
          break replay;
        }
        // A hole in the indexes: the tree cannot be rebuilt past it, so later checkpoints will not match.
        for (let i = frontier.size; i < leaf.logIndex; i++) {
          missing(i);
          frontier = frontier.append(Buffer.alloc(32));
          due();
        }
        let hash: Buffer = Buffer.from(leaf.leafHash, 'hex');
        if (leaf.chain === null) missing(leaf.logIndex);
        else {
          chains.add(leaf.chain);
          const now = leafOf({ chain: leaf.chain, seq: leaf.seq!, hash: leaf.hash! });
          if (!now.equals(hash) && report.alteredLogIndexes.length < LISTED) report.alteredLogIndexes.push(leaf.logIndex);
          hash = now;
        }
        frontier = frontier.append(hash);
        due();
      }
      if (leaves.length < PAGE) break;
      from = leaves[leaves.length - 1].logIndex + 1;
    }
    report.size = frontier.size;
    // Checkpoints beyond the entries present: the log's tail was cut.
    for (let counted = frontier.size; next < checkpoints.length && checkpoints[next].treeSize <= upTo; next++) {
      // A forged row far past the log's end is not a cut tail: only a checkpoint we signed counts.
      const before = report.checkpointMismatch.length;
      check(checkpoints[next], null);
      const forged = report.checkpointMismatch.slice(before).some((m) => m.reason !== 'root');
      if (!forged) for (; counted < checkpoints[next].treeSize; counted++) missing(counted);
    }
    if (!options.from) {
      const { events, queuedGone } = await this.log.unlogged();
      report.unlogged = events;
      report.queuedGone = queuedGone;
    }
    return { report, chains, position: { frontier, checkpointsChecked: (options.from?.checkpointsChecked ?? 0) + next } };
  }
}

/** Where a replay stopped: the tree so far and how many checkpoints (in tree order) it checked. */
export interface LogPosition {
  frontier: TreeFrontier;
  checkpointsChecked: number;
}

export interface LogReplay {
  report: LogReport;
  position: LogPosition;
  /** The chains (case ids, or 'admin') whose events the replay passed. */
  chains: Set<string>;
}
