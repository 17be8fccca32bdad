export * from './json-logger';
export * from './telemetry.module';
