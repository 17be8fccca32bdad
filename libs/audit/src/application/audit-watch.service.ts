import { Injectable, Logger } from '@nestjs/common';
import { Transactions } from '@app/database';
import { describeFindings } from '../domain/trail-findings';
import { AuditLogRepository } from '../persistence/audit-log.repository';
import { AuditWatchRepository, type WatchState } from '../persistence/audit-watch.repository';
import type { LogPosition } from './audit-log-verify.service';
import { AuditVerifyService } from './audit-verify.service';

const FULL_EVERY_MS = 24 * 3600_000;

/**
 * Keeps checking the trail: a full verification when the process starts and once a day, and in
 * between only what was signed since (the log up to its latest checkpoint and the chains it
 * touched). The first failing run after a clean one raises an alert: an error log line and an
 * `audit.alert` outbox message; every run counts in audit_watch.
 */
@Injectable()
export class AuditWatchService {
  private readonly logger = new Logger(AuditWatchService.name);
  private position: LogPosition | null = null;
  private lastFull = 0;

  constructor(
    private readonly verifier: AuditVerifyService,
    private readonly log: AuditLogRepository,
    private readonly watch: AuditWatchRepository,
    private readonly transactions: Transactions,
  ) {}

  async run(now: Date = new Date()): Promise<WatchState> {
    const full = !this.position || now.getTime() - this.lastFull >= FULL_EVERY_MS;
    let valid: boolean;
    let findings: string[];
    let checkedThrough = this.position?.frontier.size ?? 0;
    try {
      const { report, position } = full
        ? await this.verifier.verifyEverything({ upToSigned: true })
        : await this.verifier.verifySince(this.position!, (await this.log.latestCheckpoint())?.treeSize ?? 0);
      if (full) this.lastFull = now.getTime();
      // A failing run is not a place to go on from: the next one starts over.
      this.position = report.valid ? position : null;
      ({ valid } = report);
      findings = describeFindings(report);
      checkedThrough = position.frontier.size;
    } catch (error) {
      // A trail that cannot be verified is reported as such, never as the last good state.
      this.position = null;
      valid = false;
      findings = [`verification could not complete: ${(error as Error).message}`];
    }
    await this.transactions.run(async (runner) => {
      const first = await this.watch.record(runner, { at: now, full, valid, checkedThrough, findings });
      if (!first) return;
      this.logger.error({ findings, checkedThrough }, 'AUDIT TRAIL TAMPERING FOUND');
      await this.watch.alert(runner, { alert: 'audit-tampering', at: now.toISOString(), checkedThrough, findings });
    });
    return (await this.watch.state())!;
  }

  state(): Promise<WatchState | null> {
    return this.watch.state();
  }
}
