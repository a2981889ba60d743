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

  async state(jobId: string): Promise<TrainJobState> {
    const state = await this.queue.getJobState(jobId);
    if (state === 'active' || state === 'completed' || state === 'failed' || state === 'unknown') {
      return state;
    }
    // A job that stalled more often than allowed goes back to waiting with a deferred failure,
    // and the next worker to take it fails it without running it: failed in all but name.
    const job = await this.queue.getJob(jobId);
    return job?.deferredFailure ? 'failed' : state;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }
}
