export * from './queues';
export * from './jobs';
export * from './ratings';
export * from './movies';
export * from './api';
export * from './env';
export * from './random';
export * from './api-schemas';
