/** Injection token of the Prisma client (createDb from @marquee/db). */
export const DB = Symbol('DB');
/** Injection token of the service's own ioredis client (readiness PING, ad-hoc commands). */
export const REDIS = Symbol('REDIS');
