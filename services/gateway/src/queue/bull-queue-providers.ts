import type { Logger, Provider } from '@nestjs/common';
import {
  RedisReconnectPolicy,
  redisConnectionOptions,
  throttledErrorLogger,
} from '@marquee/nest-common';
import { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
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
  /**
   * Token of an ioredis client for the Queue to use instead of a connection of its own (its
   * QueueEvents keeps its own); whoever provides it closes it.
   */
  queueClient?: symbol;
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
      inject: [
        GATEWAY_CONFIG,
        RedisReconnectPolicy,
        ...(options.queueClient ? [options.queueClient] : []),
      ],
      useFactory: (
        config: GatewayConfig,
        reconnect: RedisReconnectPolicy,
        client?: Redis,
      ): Queue => {
        const queue = new Queue(queueName, {
          connection: client ?? redisConnectionOptions(config.redisUrl, reconnect),
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
