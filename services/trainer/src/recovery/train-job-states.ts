import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { QUEUES } from '@marquee/contracts';
import { bullConnection } from '@marquee/nest-common';
import type { TrainerConfig } from '../config/trainer-config';
import { TRAINER_CONFIG } from '../core/tokens';
import type { TrainJobState } from './interruption';

/** Reads train jobs' states on the BullMQ train queue. */
@Injectable()
export class TrainJobStates implements OnApplicationShutdown {
  private readonly queue: Queue;

  constructor(@Inject(TRAINER_CONFIG) config: TrainerConfig) {
    this.queue = new Queue(QUEUES.train, {
      connection: bullConnection(config.redisUrl),
      prefix: config.bullPrefix,
    });
  }

  state(jobId: string): Promise<TrainJobState> {
    return this.queue.getJobState(jobId);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }
}
