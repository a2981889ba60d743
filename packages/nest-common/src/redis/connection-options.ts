import type { ConnectionOptions } from 'bullmq';
import { redisOptionsFromUrl, type RedisOptions } from '@marquee/contracts';
import type { RedisReconnectPolicy } from './redis-clients';

/** ioredis (and BullMQ) options for REDIS_URL, with the reconnect policy's options when given. */
export function redisConnectionOptions(
  redisUrl: string,
  policy?: RedisReconnectPolicy,
): RedisOptions & Partial<RedisReconnectPolicy['options']> {
  return { ...redisOptionsFromUrl(redisUrl), ...policy?.options };
}

/**
 * BullMQ connection options; workers need maxRetriesPerRequest null to block on Redis. Without a
 * reconnect policy BullMQ's own applies: its wait between attempts grows to 20 s, so a worker
 * may come back many seconds after a long Redis outage has ended.
 */
export function bullConnection(redisUrl: string, policy?: RedisReconnectPolicy): ConnectionOptions {
  return { ...redisOptionsFromUrl(redisUrl), ...policy?.options, maxRetriesPerRequest: null };
}

/**
 * Options of Nest's Redis transport (@nestjs/microservices pub/sub), for a client or a server.
 * Without retryAttempts the transport never reconnects after a drop.
 */
export function redisTransportOptions(
  redisUrl: string,
): RedisOptions & { retryAttempts: number; retryDelay: number } {
  return {
    ...redisOptionsFromUrl(redisUrl),
    retryAttempts: Number.MAX_SAFE_INTEGER,
    retryDelay: 1_000,
  };
}
