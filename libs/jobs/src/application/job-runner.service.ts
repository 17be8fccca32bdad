import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DomainError } from '@app/workflow';
import { asSeen, type Job, type JobProgress } from '../domain/job';
import { JobRepository } from '../persistence/job.repository';

/** Progress is written at most this often; the heartbeat keeps a quiet job from looking dead. */
const PROGRESS_EVERY_MS = 250;
const HEARTBEAT_MS = 5_000;

export type ReportProgress = (progress: JobProgress) => void;

export interface JobWork<T> {
  kind: string;
  ownerId: string;
  /** `jobId`: the job's own id, for work that names something after it. */
  run(progress: ReportProgress, jobId: string): Promise<T>;
  /** The problem the request would have answered with, for an error the work threw. */
  problemOf(error: unknown): Record<string, unknown>;
  /** Runs once the work has ended either way (removing a spooled upload). */
  cleanup?(): Promise<void>;
}

/**
 * Runs long work after its request has been answered: the job row says how far it got and, at
 * the end, what the request would have answered. Work in a process that dies is reported failed.
 */
@Injectable()
export class JobRunner {
  private readonly logger = new Logger(JobRunner.name);

  constructor(private readonly jobs: JobRepository) {}

  async start<T>(work: JobWork<T>): Promise<Job> {
    const job = await this.jobs.create(randomUUID(), work.kind, work.ownerId);
    void this.execute(job.id, work);
    return job;
  }

  async find(ownerId: string, id: string): Promise<Job> {
    const job = await this.jobs.findOwned(ownerId, id);
    if (!job) throw DomainError.notFound('job');
    return asSeen(job, new Date());
  }

  private async execute<T>(id: string, work: JobWork<T>): Promise<void> {
    let last = 0;
    let pending: Promise<void> = Promise.resolve();
    const write = (progress: JobProgress | null) => {
      pending = pending.then(() => this.jobs.progress(id, progress)).catch((err: unknown) => this.logger.warn({ err, jobId: id }, 'job progress not recorded'));
    };
    const heartbeat = setInterval(() => write(null), HEARTBEAT_MS);
    heartbeat.unref();
    try {
      const result = await work.run((progress) => {
        const now = Date.now();
        if (now - last < PROGRESS_EVERY_MS && progress.done !== progress.total) return;
        last = now;
        write(progress);
      }, id);
      clearInterval(heartbeat);
      await pending;
      await this.jobs.finish(id, { result });
    } catch (error) {
      clearInterval(heartbeat);
      await pending;
      await this.jobs.finish(id, { problem: work.problemOf(error) }).catch((err: unknown) => this.logger.error({ err, jobId: id }, 'job outcome not recorded'));
    } finally {
      await work.cleanup?.().catch(() => undefined);
    }
  }
}
