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
  closeBullClients,
  redisConnectionOptions,
  throttledErrorLogger,
} from '@marquee/nest-common';
import { Queue, QueueEvents } from 'bullmq';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';

/** Nest injection token of the BullMQ Queue of train jobs. */
export const TRAIN_QUEUE = Symbol('TRAIN_QUEUE');
/** The ONE QueueEvents listener of the train queue, shared by every admin event stream. */
export const TRAIN_QUEUE_EVENTS = Symbol('TRAIN_QUEUE_EVENTS');

const logger = new Logger('TrainQueue');

@Injectable()
class TrainQueueLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(TRAIN_QUEUE) private readonly queue: Queue,
    @Inject(TRAIN_QUEUE_EVENTS) private readonly events: QueueEvents,
    private readonly reconnect: RedisReconnectPolicy,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    this.reconnect.stop();
    await closeBullClients(logger, {
      'Train queue': this.queue,
      'Train queue events': this.events,
    });
  }
}

/** The train Queue and its QueueEvents (closed at shutdown), with this module's own reconnect policy. */
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
  {
    provide: TRAIN_QUEUE_EVENTS,
    inject: [GATEWAY_CONFIG, RedisReconnectPolicy],
    useFactory: (config: GatewayConfig, reconnect: RedisReconnectPolicy) => {
      const events = new QueueEvents(QUEUES.train, {
        connection: redisConnectionOptions(config.redisUrl, reconnect),
        prefix: config.bullPrefix,
      });
      events.on('error', throttledErrorLogger(logger, 'Train queue events'));
      return events;
    },
  },
  TrainQueueLifecycle,
];
