import type { Logger, Provider } from '@nestjs/common';
import {
  RedisReconnectPolicy,
  redisConnectionOptions,
  throttledErrorLogger,
} from '@marquee/nest-common';
import { Queue, QueueEvents } from 'bullmq';
import type { RedisOptions } from 'ioredis';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';

export interface BullQueueProviderOptions {
  /** The BullMQ queue name (QUEUES.*). */
  queueName: string;
  /** Injection tokens of the Queue and of its QueueEvents listener. */
  queueToken: symbol;
  eventsToken: symbol;
  /** Where Redis errors are logged, throttled, as `${label}` and `${label} events`. */
  logger: Logger;
  label: string;
  /** Extra connection options for the Queue only (its QueueEvents keeps the defaults). */
  queueConnection?: Pick<RedisOptions, 'enableOfflineQueue'>;
}

/**
 * Providers of a BullMQ Queue and its QueueEvents on the gateway's Redis (REDIS_URL, BULL_PREFIX),
 * with the module's RedisReconnectPolicy (which the module must provide) and throttled error logs.
 * Closing them at shutdown stays with the module (closeBullClients).
 */
export function bullQueueProviders(options: BullQueueProviderOptions): Provider[] {
  const { queueName, logger, label } = options;
  return [
    {
      provide: options.queueToken,
      inject: [GATEWAY_CONFIG, RedisReconnectPolicy],
      useFactory: (config: GatewayConfig, reconnect: RedisReconnectPolicy): Queue => {
        const queue = new Queue(queueName, {
          connection: {
            ...redisConnectionOptions(config.redisUrl, reconnect),
            ...options.queueConnection,
          },
          prefix: config.bullPrefix,
        });
        queue.on('error', throttledErrorLogger(logger, label));
        return queue;
      },
    },
    {
      provide: options.eventsToken,
      inject: [GATEWAY_CONFIG, RedisReconnectPolicy],
      useFactory: (config: GatewayConfig, reconnect: RedisReconnectPolicy): QueueEvents => {
        const events = new QueueEvents(queueName, {
          connection: redisConnectionOptions(config.redisUrl, reconnect),
          prefix: config.bullPrefix,
        });
        events.on('error', throttledErrorLogger(logger, `${label} events`));
        return events;
      },
    },
  ];
}
