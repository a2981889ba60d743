import {
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { QUEUES, redisOptionsFromUrl } from '@marquee/contracts';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { RedisReconnectPolicy, closeQuietly, throttledErrorLogger } from './redis-clients';
import { RecommendJobsRepository } from './recommend-jobs.repository';
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
      closeQuietly(
        logger,
        'QueueEvents',
        () => this.events.close(),
        () => this.events.disconnect(),
      ),
      closeQuietly(
        logger,
        'Queue',
        () => this.queue.close(),
        () => this.queue.disconnect(),
      ),
      // QUIT would wait for a connection that may never come; drop it if there is none.
      this.redis.status === 'ready'
        ? closeQuietly(
            logger,
            'Redis',
            () => this.redis.quit(),
            () => this.redis.disconnect(),
          )
        : this.redis.disconnect(),
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
          ...redisOptionsFromUrl(config.redisUrl),
          ...reconnect.options,
          connectTimeout: 2_000,
          maxRetriesPerRequest: 1,
        });
        redis.on('error', throttledErrorLogger(logger, 'Redis'));
        return redis;
      },
    },
    {
      provide: RECOMMEND_QUEUE,
      inject: [GATEWAY_CONFIG, RedisReconnectPolicy],
      useFactory: (config: GatewayConfig, reconnect: RedisReconnectPolicy): Queue => {
        const queue = new Queue(QUEUES.recommend, {
          connection: { ...redisOptionsFromUrl(config.redisUrl), ...reconnect.options },
          prefix: config.bullPrefix,
        });
        queue.on('error', throttledErrorLogger(logger, 'Recommend queue'));
        // Each in-flight job.waitUntilFinished adds (and later removes) a 'closing' listener,
        // so concurrent requests legitimately exceed the default limit of 10.
        queue.setMaxListeners(0);
        return queue;
      },
    },
    {
      provide: RECOMMEND_QUEUE_EVENTS,
      inject: [GATEWAY_CONFIG, RedisReconnectPolicy],
      useFactory: (config: GatewayConfig, reconnect: RedisReconnectPolicy): QueueEvents => {
        const events = new QueueEvents(QUEUES.recommend, {
          connection: { ...redisOptionsFromUrl(config.redisUrl), ...reconnect.options },
          prefix: config.bullPrefix,
        });
        events.on('error', throttledErrorLogger(logger, 'Recommend queue events'));
        return events;
      },
    },
    RecommendJobsRepository,
    QueueLifecycle,
  ],
  exports: [REDIS, RECOMMEND_QUEUE, RECOMMEND_QUEUE_EVENTS, RecommendJobsRepository],
})
export class QueueModule {}
