import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type Provider,
} from '@nestjs/common';
import { QUEUES } from '@marquee/contracts';
import { RedisReconnectPolicy, closeBullClients } from '@marquee/nest-common';
import type { Queue, QueueEvents } from 'bullmq';
import { bullQueueProviders } from '../queue/bull-queue-providers';

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
  ...bullQueueProviders({
    queueName: QUEUES.train,
    queueToken: TRAIN_QUEUE,
    eventsToken: TRAIN_QUEUE_EVENTS,
    logger,
    label: 'Train queue',
  }),
  TrainQueueLifecycle,
];
