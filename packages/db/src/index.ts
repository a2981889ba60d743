export * from './client';
export { Prisma, ModelStatus, UserKind } from './generated/prisma/client';
export type { Movie as MovieRow, ModelVersion as ModelVersionRow } from './generated/prisma/client';
