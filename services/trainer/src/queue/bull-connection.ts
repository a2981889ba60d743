import type { ConnectionOptions } from 'bullmq';
import { redisOptionsFromUrl } from '@marquee/contracts';

/** BullMQ connection options; workers need maxRetriesPerRequest null to block on Redis. */
export function bullConnection(redisUrl: string): ConnectionOptions {
  return { ...redisOptionsFromUrl(redisUrl), maxRetriesPerRequest: null };
}
