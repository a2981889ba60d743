/** The gateway's own ioredis client (readiness PING, rate limit counters). */
export { REDIS } from '@marquee/nest-common';
/** The BullMQ Queue of recommend jobs. */
export const RECOMMEND_QUEUE = Symbol('RECOMMEND_QUEUE');
/**
 * The recommend Queue's ioredis client: no offline queue, so a job is never sent after its
 * request gave up on it; requests wait for it to be ready (RedisReadiness) instead.
 */
export const RECOMMEND_QUEUE_REDIS = Symbol('RECOMMEND_QUEUE_REDIS');
/** The ONE QueueEvents listener of the recommend queue, shared by every waiting request. */
export const RECOMMEND_QUEUE_EVENTS = Symbol('RECOMMEND_QUEUE_EVENTS');
