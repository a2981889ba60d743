import { Inject, Injectable } from '@nestjs/common';
import type { TrainJobData } from '@marquee/contracts';
import { withTimeout } from '@marquee/nest-common';
import type { JobState, Queue } from 'bullmq';
import { TrainQueueUnavailableError } from '../admin/train-jobs.repository';
import { TRAIN_QUEUE } from '../admin/train-queue';

/** States of a train job that waits for the trainer (the admin repository's pending ones). */
const QUEUED_STATES: JobState[] = ['waiting', 'prioritized', 'delayed', 'waiting-children'];
/** Redis must answer within this, or the caller gets a 503. */
const READ_TIMEOUT_MS = 5_000;

/** The train job the trainer holds or will take next, as read from the queue (read-only). */
export interface PendingTrainJob {
  id: string;
  state: 'active' | 'waiting';
  /** As reported by the trainer (job.updateProgress); the caller validates it. */
  progress: unknown;
  /** The epochs the job asked for, if it overrides the trainer's default. */
  requestedEpochs: number | null;
  queuedAt: Date;
  /** When the trainer took it; null while it waits. */
  startedAt: Date | null;
}

/** Reads the pending train job of the train queue; never writes to it. */
@Injectable()
export class PendingTrainJobRepository {
  constructor(@Inject(TRAIN_QUEUE) private readonly queue: Queue<TrainJobData>) {}

  /** The running train job, else the oldest waiting one; null when the trainer is idle. */
  async find(): Promise<PendingTrainJob | null> {
    try {
      return await withTimeout(this.read(), READ_TIMEOUT_MS, 'Reading the pending train job');
    } catch (err) {
      throw new TrainQueueUnavailableError(err instanceof Error ? err.message : String(err));
    }
  }

  private async read(): Promise<PendingTrainJob | null> {
    const [active] = await this.queue.getJobs(['active'], 0, 0, true);
    if (active?.id !== undefined) {
      return {
        id: active.id,
        state: 'active',
        progress: active.progress,
        requestedEpochs: active.data.epochs ?? null,
        queuedAt: new Date(active.timestamp),
        startedAt: active.processedOn !== undefined ? new Date(active.processedOn) : null,
      };
    }
    const [queued] = await this.queue.getJobs(QUEUED_STATES, 0, 0, true);
    if (queued?.id === undefined) return null;
    return {
      id: queued.id,
      state: 'waiting',
      progress: queued.progress,
      requestedEpochs: queued.data.epochs ?? null,
      queuedAt: new Date(queued.timestamp),
      startedAt: null,
    };
  }
}
