import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';

/**
 * One background job on an interval (@nestjs/schedule): a run never overlaps the previous one,
 * a failed run is logged and retried on the next interval, shutdown waits for the run in flight.
 */
export abstract class PeriodicProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  protected readonly logger = new Logger(this.constructor.name);
  private running?: Promise<void>;
  protected stopped = false;

  protected constructor(
    private readonly registry: SchedulerRegistry,
    private readonly name: string,
    private readonly everyMs: number,
    private readonly enabled: boolean,
  ) {}

  /** One run: may loop (draining a backlog) while `stopped` is false. */
  protected abstract runOnce(): Promise<void>;

  onApplicationBootstrap(): void {
    if (!this.enabled) return;
    this.registry.addInterval(this.name, setInterval(() => void this.tick(), this.everyMs));
    this.logger.log(`${this.name} every ${this.everyMs} ms`);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.registry.doesExist('interval', this.name)) this.registry.deleteInterval(this.name);
    await this.running;
  }

  /** Runs now (tests and tools); resolves when the run is done. */
  tick(): Promise<void> {
    if (this.running || this.stopped) return this.running ?? Promise.resolve();
    this.running = this.runOnce()
      .catch((error: unknown) => this.logger.warn({ err: error }, `${this.name} failed; will retry on the next interval`))
      .finally(() => (this.running = undefined));
    return this.running;
  }
}
