import { Inject, Injectable } from '@nestjs/common';
import { CaseScope, DomainError } from '@app/workflow';
import { type CaseHead, compareTip, type TipFinding } from '../domain/chain-tip';
import { ADMIN_CHAIN, verifyAdminRun } from '../domain/admin-chain';
import type { NoteKey } from '../domain/signed-note';
import { type ChainedRecord, GENESIS_HASH, verifyRun } from '../domain/hash-chain';
import { AdminEventsRepository } from '../persistence/admin-events.repository';
import { AuditLogRepository } from '../persistence/audit-log.repository';
import { leafOf } from './audit-log.service';
import { AuditRepository } from '../persistence/audit.repository';
import { AUDITED_CASES, AuditedCases } from './audited-cases.port';
import { AuditLogVerifyService, type CheckpointMismatch, type LogPosition, type LogReport } from './audit-log-verify.service';

const PAGE = 1000;
const LISTED = 100;

export interface CaseChainReport extends TipFinding {
  caseId: string;
  valid: boolean;
  checked: number;
  firstBrokenSeq?: number;
}

export interface TrailReport {
  valid: boolean;
  cases: number;
  checked: number;
  /** Chains whose events do not hash as stored, or that end in another hash than their case row. */
  broken: { caseId: string; code?: string; firstBrokenSeq: number; headMismatch?: true }[];
  /** Chains shorter than their case row's version: the tail was cut. */
  truncated: ({ caseId: string; code?: string } & NonNullable<TipFinding['truncated']>)[];
  /** The global log, replayed only for callers who see every case (it spans all units). */
  log: { checked: boolean; size: number; checkpoints: number; missingCount: number; unlogged: number; queuedGone: number };
  /** The admin chain, checked with the log. */
  admin: { checked: boolean; valid: boolean; events: number; firstBrokenSeq?: number };
  missingLogIndexes: number[];
  alteredLogIndexes: number[];
  checkpointMismatch: CheckpointMismatch[];
}

const STREAM_PAGE = 10_000;

/**
 * The events the head read can vouch for: a transition that committed after the head was read
 * adds seqs beyond its version, which are not a rewrite (the next verification covers them).
 */
function upToHead<T extends { seq: number }>(head: CaseHead, records: T[]): T[] {
  return records.length && records[records.length - 1].seq > head.version ? records.filter((r) => r.seq <= head.version) : records;
}

/** One case's chain, whole, against its row. */
function judge(head: CaseHead, records: ChainedRecord[]): CaseChainReport {
  const run = verifyRun(records);
  if (!run.valid) return { caseId: head.id, valid: false, checked: run.checked, firstBrokenSeq: run.firstBrokenSeq };
  return tipReport(head, run.checked, run);
}

function tipReport(head: CaseHead, checked: number, end: { lastSeq: number; lastHash: string }): CaseChainReport {
  const tip = compareTip(head, end.lastSeq, end.lastHash);
  if (tip.truncated) return { caseId: head.id, valid: false, checked, ...tip };
  if (tip.headMismatch) return { caseId: head.id, valid: false, checked, firstBrokenSeq: end.lastSeq, headMismatch: true };
  return { caseId: head.id, valid: true, checked };
}

/** Events in (case id, seq) order, handed out one case at a time. */
class ChainStream {
  private buffer: ChainedRecord[] = [];
  private at = 0;
  private after = { caseId: '00000000-0000-0000-0000-000000000000', seq: 0 };
  private done = false;

  constructor(private readonly fetch: (after: { caseId: string; seq: number }) => Promise<ChainedRecord[]>) {}

  private async peek(): Promise<ChainedRecord | undefined> {
    if (this.at >= this.buffer.length && !this.done) {
      this.buffer = await this.fetch(this.after);
      this.at = 0;
      this.done = this.buffer.length < STREAM_PAGE;
      const last = this.buffer[this.buffer.length - 1];
      if (last) this.after = { caseId: last.caseId, seq: last.seq };
    }
    return this.buffer[this.at];
  }

  /** The events of `caseId`; events of cases before it (none are expected) are passed over. */
  async take(caseId: string): Promise<ChainedRecord[]> {
    const out: ChainedRecord[] = [];
    for (let next = await this.peek(); next && next.caseId <= caseId; next = await this.peek()) {
      if (next.caseId === caseId) out.push(next);
      this.at++;
    }
    return out;
  }
}

function applyLog(report: TrailReport, log: LogReport): void {
  report.log = { checked: true, size: log.size, checkpoints: log.checkpoints, missingCount: log.missingCount, unlogged: log.unlogged, queuedGone: log.queuedGone };
  report.missingLogIndexes = log.missingLogIndexes;
  report.alteredLogIndexes = log.alteredLogIndexes;
  report.checkpointMismatch = log.checkpointMismatch;
  if (log.missingCount || log.alteredLogIndexes.length || log.checkpointMismatch.length || log.unlogged || log.queuedGone) report.valid = false;
}

function emptyReport(): TrailReport {
  return {
    valid: true,
    cases: 0,
    checked: 0,
    broken: [],
    truncated: [],
    log: { checked: false, size: 0, checkpoints: 0, missingCount: 0, unlogged: 0, queuedGone: 0 },
    admin: { checked: false, valid: true, events: 0 },
    missingLogIndexes: [],
    alteredLogIndexes: [],
    checkpointMismatch: [],
  };
}

/**
 * Recomputes hash chains from the stored rows and holds each against its case row's head and
 * version, so an altered event shows as the first broken seq and a cut tail as the missing seqs.
 */
@Injectable()
export class AuditVerifyService {
  constructor(
    private readonly audit: AuditRepository,
    @Inject(AUDITED_CASES) private readonly cases: AuditedCases,
    private readonly logVerifier: AuditLogVerifyService,
    private readonly admin: AdminEventsRepository,
    private readonly logLeaves: AuditLogRepository,
  ) {}

  async verifyCase(scope: CaseScope, caseId: string): Promise<CaseChainReport> {
    const head = await this.cases.headOf(scope, caseId);
    if (!head) throw DomainError.notFound('case');
    return this.check(head);
  }

  /**
   * Every case the caller can see, page by page, then (for a caller who sees all) the global log
   * against its signed checkpoints; lists at most 100 findings of each kind.
   */
  async verifyAll(scope: CaseScope, options: { trustedKeys?: readonly NoteKey[] } = {}): Promise<TrailReport> {
    if (!scope.all) return this.verifyChains(scope);
    return (await this.verifyEverything(options)).report;
  }

  /** The whole trail, and where the log replay ended (a watcher goes on from there). */
  async verifyEverything(options: { trustedKeys?: readonly NoteKey[]; upToSigned?: boolean } = {}): Promise<{ report: TrailReport; position: LogPosition }> {
    const report = await this.verifyChains({ all: true });
    const { report: log, position } = await this.logVerifier.replay({ trustedKeys: options.trustedKeys, upTo: options.upToSigned ? 'signed' : undefined });
    applyLog(report, log);
    report.admin = await this.checkAdmin();
    if (!report.admin.valid) report.valid = false;
    return { report, position };
  }

  /**
   * What changed since `from`: the log up to its latest checkpoint, and the chains of the cases
   * (and the admin chain) whose events that stretch holds, each checked whole.
   */
  async verifySince(from: LogPosition, upTo: number): Promise<{ report: TrailReport; position: LogPosition }> {
    const report = emptyReport();
    const { report: log, position, chains } = await this.logVerifier.replay({ from, upTo });
    applyLog(report, log);
    for (const chain of chains) {
      if (chain === ADMIN_CHAIN) {
        report.admin = await this.checkAdmin();
        if (!report.admin.valid) report.valid = false;
        continue;
      }
      const head = await this.cases.headOf({ all: true }, chain);
      if (!head) continue;
      this.addCase(report, head, await this.check(head));
      // An old event of this case rewritten since it was logged (its leaf is under a checkpoint already checked).
      for (const leaf of await this.logLeaves.leavesOfCase(chain)) {
        if (!leafOf({ chain, seq: leaf.seq!, hash: leaf.hash! }).equals(Buffer.from(leaf.leafHash, 'hex')) && report.alteredLogIndexes.length < LISTED) {
          report.alteredLogIndexes.push(leaf.logIndex);
          report.valid = false;
        }
      }
    }
    return { report, position };
  }

  /**
   * Every visible case's chain, reading heads and events as two ordered streams and merging them:
   * a few large pages instead of one query per case.
   */
  private async verifyChains(scope: CaseScope): Promise<TrailReport> {
    const report = emptyReport();
    const events = new ChainStream((after) => this.audit.chainStream(scope, after, STREAM_PAGE));
    for (let after: string | null = null; ; ) {
      const heads = await this.cases.headsAfter(scope, after, PAGE);
      if (!heads.length) return report;
      for (const head of heads) {
        const records = await events.take(head.id);
        // The stream and the heads are read at different moments: a chain that looks short, or
        // runs past its head, is read again after the head before anything is reported.
        const settled = records.length === head.version && records[records.length - 1]?.seq === head.version;
        this.addCase(report, head, settled ? judge(head, records) : await this.check(head));
      }
      after = heads[heads.length - 1].id;
    }
  }

  private addCase(report: TrailReport, head: CaseHead, result: CaseChainReport): void {
    report.cases++;
    report.checked += result.checked;
    if (result.valid) return;
    report.valid = false;
    if (result.truncated && report.truncated.length < LISTED) report.truncated.push({ caseId: head.id, code: head.code, ...result.truncated });
    else if (!result.truncated && report.broken.length < LISTED) {
      report.broken.push({ caseId: head.id, code: head.code, firstBrokenSeq: result.firstBrokenSeq!, ...(result.headMismatch ? { headMismatch: true } : {}) });
    }
  }

  private async checkAdmin(): Promise<TrailReport['admin']> {
    let state = { lastHash: GENESIS_HASH, lastSeq: 0 };
    let events = 0;
    for (;;) {
      const rows = await this.admin.run(state.lastSeq, PAGE);
      const run = verifyAdminRun(rows, state);
      events += run.checked;
      if (!run.valid) return { checked: true, valid: false, events, firstBrokenSeq: run.firstBrokenSeq };
      state = { lastHash: run.lastHash, lastSeq: run.lastSeq };
      if (rows.length < PAGE) return { checked: true, valid: true, events };
    }
  }

  /**
   * One case's chain read after its head. Events past the head's version are either a transition
   * that committed since (the head, read again, has moved on: judged up to the first head) or
   * events someone added behind the case row's back (it has not: the chain no longer ends at its head).
   */
  private async check(head: CaseHead): Promise<CaseChainReport> {
    let state = { lastHash: GENESIS_HASH, lastSeq: 0 };
    let checked = 0;
    let beyond = 0;
    for (;;) {
      const page = await this.audit.timeline({ all: true }, head.id, state.lastSeq, PAGE);
      const rows = upToHead(head, page);
      if (rows.length < page.length) beyond = page[page.length - 1].seq;
      const run = verifyRun(rows, state);
      checked += run.checked;
      if (!run.valid) return { caseId: head.id, valid: false, checked, firstBrokenSeq: run.firstBrokenSeq };
      state = { lastHash: run.lastHash, lastSeq: run.lastSeq };
      if (page.length < PAGE || beyond) break;
    }
    if (beyond) {
      const now = await this.cases.headOf({ all: true }, head.id);
      if (!now || now.version < beyond) return { caseId: head.id, valid: false, checked, firstBrokenSeq: head.version + 1, headMismatch: true };
    }
    return tipReport(head, checked, state);
  }

}
