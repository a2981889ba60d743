/** True for Prisma's "foreign key constraint failed" (P2003), e.g. a film deleted mid-write. */
export function isForeignKeyViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'P2003';
}
