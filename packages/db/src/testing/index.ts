export * from './test-database';
export * from './stored-state';
