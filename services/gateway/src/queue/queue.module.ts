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
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { bullQueueProviders } from './bull-queue-providers';
import { RecommendJobsRepository } from './recommend-jobs.repository';
import { RecommendResults } from './recommend-results';
import { RECOMMEND_QUEUE, RECOMMEND_QUEUE_EVENTS, REDIS } from './queue.tokens';

const logger = new Logger('Queue');

@Injectable()
class QueueLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(RECOMMEND_QUEUE) private readonly queue: Queue,
    @Inject(RECOMMEND_QUEUE_EVENTS) private readonly events: QueueEvents,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly reconnect: RedisReconnectPolicy,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    this.reconnect.stop();
    await Promise.all([
      closeBullClients(logger, { QueueEvents: this.events, Queue: this.queue }),
      closeRedisClient(logger, 'Redis', this.redis),
    ]);
  }
}

@Global()
@Module({
  providers: [
    RedisReconnectPolicy,
    {
      provide: REDIS,
      inject: [GATEWAY_CONFIG, RedisReconnectPolicy],
      useFactory: (config: GatewayConfig, reconnect: RedisReconnectPolicy): Redis => {
        const redis = new Redis({
          ...redisConnectionOptions(config.redisUrl, reconnect),
          connectTimeout: 2_000,
          maxRetriesPerRequest: 1,
        });
        redis.on('error', throttledErrorLogger(logger, 'Redis'));
        return redis;
      },
    },
    ...bullQueueProviders({
      queueName: QUEUES.recommend,
      queueToken: RECOMMEND_QUEUE,
      eventsToken: RECOMMEND_QUEUE_EVENTS,
      logger,
      label: 'Recommend queue',
      // Without the offline queue, adding a job while Redis is away fails at once (503)
      // instead of waiting for a reconnection (BullMQ's "failing fast" pattern).
      queueConnection: { enableOfflineQueue: false },
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
