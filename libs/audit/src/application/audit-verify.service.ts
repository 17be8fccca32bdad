import { Inject, Injectable } from '@nestjs/common';
import { CaseScope, DomainError } from '@app/workflow';
import { GENESIS_HASH, verifyRun } from '../domain/hash-chain';
import { AuditRepository } from '../persistence/audit.repository';
import { AUDITED_CASES, AuditedCases } from './audited-cases.port';

const PAGE = 1000;

export interface CaseChainReport {
  caseId: string;
  valid: boolean;
  checked: number;
  firstBrokenSeq?: number;
}

export interface TrailReport {
  valid: boolean;
  cases: number;
  checked: number;
  broken: { caseId: string; firstBrokenSeq: number }[];
}

/** Recomputes hash chains from the stored rows: tampering shows as the first broken seq. */
@Injectable()
export class AuditVerifyService {
  constructor(
    private readonly audit: AuditRepository,
    @Inject(AUDITED_CASES) private readonly cases: AuditedCases,
  ) {}

  async verifyCase(scope: CaseScope, caseId: string): Promise<CaseChainReport> {
    if (!(await this.cases.isVisible(scope, caseId))) throw DomainError.notFound('case');
    return this.check(caseId);
  }

  /** Every case the caller can see, page by page; stops listing after 100 broken cases. */
  async verifyAll(scope: CaseScope): Promise<TrailReport> {
    const report: TrailReport = { valid: true, cases: 0, checked: 0, broken: [] };
    for (let after: string | null = null; ; ) {
      const ids = await this.cases.idsAfter(scope, after, PAGE);
      if (!ids.length) return report;
      for (const id of ids) {
        const result = await this.check(id);
        report.cases++;
        report.checked += result.checked;
        if (!result.valid) {
          report.valid = false;
          if (report.broken.length < 100) report.broken.push({ caseId: id, firstBrokenSeq: result.firstBrokenSeq! });
        }
      }
      after = ids[ids.length - 1];
    }
  }

  private async check(caseId: string): Promise<CaseChainReport> {
    let state = { lastHash: GENESIS_HASH, lastSeq: 0 };
    let checked = 0;
    for (;;) {
      const rows = await this.audit.timeline({ all: true }, caseId, state.lastSeq, PAGE);
      const run = verifyRun(rows, state);
      checked += run.checked;
      if (!run.valid) return { caseId, valid: false, checked, firstBrokenSeq: run.firstBrokenSeq };
      if (rows.length < PAGE) break;
      state = { lastHash: run.lastHash, lastSeq: run.lastSeq };
    }
    if (checked === 0) return { caseId, valid: false, checked, firstBrokenSeq: 1 };
    return { caseId, valid: true, checked };
  }
}
