export * from './session';
export * from './test-app';
export * from './test-db';
export * from './case-driver';
export * from './test-context';
