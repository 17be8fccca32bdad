import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { APP_CONFIG, AppConfig } from '@app/config';
import { TimerSweeper } from './timer-sweeper.service';

export const BACKGROUND_JOBS = Symbol('BACKGROUND_JOBS');

/** Other periodic work that shares the sweeper's rhythm (outbox delivery, key expiry). */
export interface BackgroundJob {
  name: string;
  everyTicks: number;
  run(): Promise<unknown>;
}

/**
 * Runs the sweeper on an interval (@nestjs/schedule). A tick drains due timers batch after batch;
 * a tick never overlaps the previous one; shutdown waits for the batch in flight.
 */
@Injectable()
export class SweeperScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SweeperScheduler.name);
  private running?: Promise<void>;
  private stopped = false;
  private ticks = 0;

  constructor(
    private readonly sweeper: TimerSweeper,
    private readonly registry: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() @Inject(BACKGROUND_JOBS) private readonly jobs: BackgroundJob[] = [],
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.sweeper.enabled) return;
    const handle = setInterval(() => this.tick(), this.config.sweeper.intervalMs);
    this.registry.addInterval('timer-sweeper', handle);
    this.logger.log(`deadline sweeper on: every ${this.config.sweeper.intervalMs} ms, batches of ${this.config.sweeper.batchSize}`);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.registry.doesExist('interval', 'timer-sweeper')) this.registry.deleteInterval('timer-sweeper');
    await this.running;
  }

  /** Runs one tick now (tests and tools); resolves when it is done. */
  tick(): Promise<void> {
    if (this.running || this.stopped) return this.running ?? Promise.resolve();
    this.running = this.drain()
      .catch((error: unknown) => this.logger.warn({ err: error }, 'sweep failed; will retry on the next tick'))
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async drain(): Promise<void> {
    this.ticks++;
    for (;;) {
      const result = await this.sweeper.sweepOnce();
      if (result.fired || result.failed) this.logger.log(result, 'timers swept');
      if (this.stopped || result.claimed < this.config.sweeper.batchSize) break;
    }
    for (const job of this.jobs) {
      if (this.stopped) break;
      if (this.ticks % job.everyTicks === 0) await job.run().catch((error: unknown) => this.logger.warn({ err: error }, `${job.name} failed`));
    }
  }
}
