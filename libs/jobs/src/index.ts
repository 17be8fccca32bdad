export * from './application/job-runner.service';
export * from './domain/job';
export * from './jobs.module';
