import { Module } from '@nestjs/common';
import { JobRunner } from './application/job-runner.service';
import { JobRepository } from './persistence/job.repository';

@Module({ providers: [JobRunner, JobRepository], exports: [JobRunner] })
export class JobsModule {}
