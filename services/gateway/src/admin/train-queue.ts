import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type Provider,
} from '@nestjs/common';
import { QUEUES, type TrainJobData } from '@marquee/contracts';
import {
  RedisReconnectPolicy,
  closeQuietly,
  redisConnectionOptions,
  throttledErrorLogger,
} from '@marquee/nest-common';
import { Queue } from 'bullmq';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';

/** Nest injection token of the BullMQ Queue of train jobs. */
export const TRAIN_QUEUE = Symbol('TRAIN_QUEUE');

const logger = new Logger('TrainQueue');

@Injectable()
class TrainQueueLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(TRAIN_QUEUE) private readonly queue: Queue,
    private readonly reconnect: RedisReconnectPolicy,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    this.reconnect.stop();
    await closeQuietly(
      logger,
      'Train queue',
      () => this.queue.close(),
      () => this.queue.disconnect(),
    );
  }
}

/** The train Queue (closed at shutdown), with this module's own reconnect policy. */
export const trainQueueProviders: Provider[] = [
  RedisReconnectPolicy,
  {
    provide: TRAIN_QUEUE,
    inject: [GATEWAY_CONFIG, RedisReconnectPolicy],
    useFactory: (config: GatewayConfig, reconnect: RedisReconnectPolicy) => {
      const queue = new Queue<TrainJobData>(QUEUES.train, {
        connection: redisConnectionOptions(config.redisUrl, reconnect),
        prefix: config.bullPrefix,
      });
      queue.on('error', throttledErrorLogger(logger, 'Train queue'));
      return queue;
    },
  },
  TrainQueueLifecycle,
];
