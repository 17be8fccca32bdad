import { Inject, Injectable } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AuditLogService } from '@app/audit';
import { APP_CONFIG, AppConfig } from '@app/config';
import { PeriodicProcessor } from './periodic.processor';

/** Events join the global log within this long of their commit. */
const SEQUENCE_EVERY_MS = 5_000;

/**
 * Gives queued audit events their log index, and every AUDIT_CHECKPOINT_MINUTES (and once each
 * day) signs the tree's head. Any number of workers may run it: both steps take the log's lock.
 */
@Injectable()
export class AuditLogProcessor extends PeriodicProcessor {
  private lastCheckpoint = 0;
  private readonly checkpointEveryMs: number;

  constructor(
    registry: SchedulerRegistry,
    private readonly log: AuditLogService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super(registry, 'audit-log', SEQUENCE_EVERY_MS, config.sweeper.enabled);
    this.checkpointEveryMs = config.audit.checkpointMinutes * 60_000;
  }

  protected async runOnce(): Promise<void> {
    await this.log.sequence();
    if (!this.log.signing || Date.now() - this.lastCheckpoint < this.checkpointEveryMs) return;
    this.lastCheckpoint = Date.now();
    const checkpoint = await this.log.checkpoint();
    if (checkpoint) this.logger.log({ treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash }, 'audit checkpoint signed');
  }
}
