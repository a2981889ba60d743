/** The gateway's own ioredis client (readiness PING). */
export { REDIS } from '@marquee/nest-common';
/** The BullMQ Queue of recommend jobs. */
export const RECOMMEND_QUEUE = Symbol('RECOMMEND_QUEUE');
/** The ONE QueueEvents listener of the recommend queue, shared by every waiting request. */
export const RECOMMEND_QUEUE_EVENTS = Symbol('RECOMMEND_QUEUE_EVENTS');
