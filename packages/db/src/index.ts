export * from './client';
export * from './errors';
export * from './ensure-database';
export * from './movielens-import';
export * from './training-ratings';
export * from './model-registry';
export { Prisma, ModelStatus, UserKind } from './generated/prisma/client';
export type { Movie as MovieRow } from './generated/prisma/client';
export * from './bulk-import';
