export * from './data-source';
export * from './database-errors';
export * from './embedded-database';
export * from './migrate';
export * from './naming.strategy';
export * from './transaction';
export * from './refreshing-cache';
export * from './prepared';
