import {
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { QUEUES } from '@marquee/contracts';
import {
  RedisReconnectPolicy,
  closeBullClients,
  closeRedisClient,
  redisConnectionOptions,
  throttledErrorLogger,
} from '@marquee/nest-common';
import type { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { REDIS_CONNECT_TIMEOUT_MS } from '../config/deadlines';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { bullQueueProviders } from './bull-queue-providers';
import { RecommendJobsRepository } from './recommend-jobs.repository';
import { RecommendResults } from './recommend-results';
import { RedisReadiness } from './redis-readiness';
import {
  RECOMMEND_QUEUE,
  RECOMMEND_QUEUE_EVENTS,
  RECOMMEND_QUEUE_REDIS,
  REDIS,
} from './queue.tokens';

const logger = new Logger('Queue');

/**
 * Reconnect attempts 100 ms apart at first, then every 500 ms at most: requests wait for Redis
 * to come back, and find it at most half a second after it did.
 */
const RECONNECT_STEP_MS = 100;
const RECONNECT_MAX_DELAY_MS = 500;

@Injectable()
class QueueLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(RECOMMEND_QUEUE) private readonly queue: Queue,
    @Inject(RECOMMEND_QUEUE_EVENTS) private readonly events: QueueEvents,
    @Inject(RECOMMEND_QUEUE_REDIS) private readonly queueRedis: Redis,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly reconnect: RedisReconnectPolicy,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    this.reconnect.stop();
    await Promise.all([
      closeBullClients(logger, { QueueEvents: this.events, Queue: this.queue }),
      closeRedisClient(logger, 'Redis', this.redis),
    ]);
    // The Queue does not close a client it was given.
    await closeRedisClient(logger, 'Recommend queue Redis', this.queueRedis);
  }
}

@Global()
@Module({
  providers: [
    {
      provide: RedisReconnectPolicy,
      useFactory: () => new RedisReconnectPolicy(RECONNECT_STEP_MS, RECONNECT_MAX_DELAY_MS),
    },
    {
      provide: REDIS,
      inject: [GATEWAY_CONFIG, RedisReconnectPolicy],
      useFactory: (config: GatewayConfig, reconnect: RedisReconnectPolicy): Redis => {
        const redis = new Redis({
          ...redisConnectionOptions(config.redisUrl, reconnect),
          connectTimeout: REDIS_CONNECT_TIMEOUT_MS,
          commandTimeout: config.deadlines.commandTimeoutMs,
          maxRetriesPerRequest: 1,
        });
        redis.on('error', throttledErrorLogger(logger, 'Redis'));
        return redis;
      },
    },
    {
      provide: RECOMMEND_QUEUE_REDIS,
      inject: [GATEWAY_CONFIG, RedisReconnectPolicy],
      useFactory: (config: GatewayConfig, reconnect: RedisReconnectPolicy): Redis => {
        const redis = new Redis({
          ...redisConnectionOptions(config.redisUrl, reconnect),
          connectTimeout: REDIS_CONNECT_TIMEOUT_MS,
          // A command fails at once while Redis is away, and one in flight when the connection
          // drops fails then: requests retry by themselves, within their deadline, and nothing
          // is sent later on behalf of a request that has already been answered.
          enableOfflineQueue: false,
          maxRetriesPerRequest: 0,
          autoResendUnfulfilledCommands: false,
          commandTimeout: config.deadlines.commandTimeoutMs,
        });
        // Errors are logged by the Queue, which listens on this client too.
        redis.on('error', () => undefined);
        return redis;
      },
    },
    {
      provide: RedisReadiness,
      inject: [RECOMMEND_QUEUE_REDIS],
      useFactory: (redis: Redis) => new RedisReadiness(redis),
    },
    ...bullQueueProviders({
      queueName: QUEUES.recommend,
      queueToken: RECOMMEND_QUEUE,
      eventsToken: RECOMMEND_QUEUE_EVENTS,
      logger,
      label: 'Recommend queue',
      queueClient: RECOMMEND_QUEUE_REDIS,
    }),
    RecommendResults,
    RecommendJobsRepository,
    QueueLifecycle,
  ],
  exports: [
    REDIS,
    RECOMMEND_QUEUE,
    RECOMMEND_QUEUE_EVENTS,
    RecommendResults,
    RecommendJobsRepository,
  ],
})
export class QueueModule {}
