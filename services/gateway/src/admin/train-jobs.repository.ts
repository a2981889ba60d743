import { Inject, Injectable } from '@nestjs/common';
import { JOBS, JOB_OPTIONS, type TrainJobData } from '@marquee/contracts';
import { withTimeout } from '@marquee/nest-common';
import { type JobState, Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { TRAIN_QUEUE } from './train-queue';

/** States in which a train job still holds (or waits for) the one trainer. */
const PENDING_STATES: JobState[] = [
  'active',
  'waiting',
  'prioritized',
  'delayed',
  'waiting-children',
];
/** Redis must answer a queue operation within this, or the caller gets a 503. */
const QUEUE_TIMEOUT_MS = 5_000;

/** Redis did not answer: the queue is unusable now. */
export class TrainQueueUnavailableError extends Error {
  constructor(reason: string) {
    super(`train queue unavailable: ${reason}`);
    this.name = 'TrainQueueUnavailableError';
  }
}

export type EnqueueOutcome =
  | { added: true; jobId: string }
  /** A train job was already waiting or running; nothing was added. */
  | { added: false; jobId: string };

export interface TrainJobSnapshot {
  id: string;
  state: JobState | 'unknown';
  /** As reported by the trainer (job.updateProgress); the caller validates it. */
  progress: unknown;
  returnValue: unknown;
  failedReason: string | null;
}

/** Train jobs on the BullMQ train queue: add one (at most one pending at a time), read one. */
@Injectable()
export class TrainJobsRepository {
  constructor(@Inject(TRAIN_QUEUE) private readonly queue: Queue<TrainJobData>) {}

  /**
   * Adds a train job unless one is already pending. The train jobs' deduplication option makes
   * the add and the check one Redis script: while a job waits or runs, add() returns that job
   * instead, which its id (not the fresh one asked for) tells apart.
   */
  async addUnlessPending(data: TrainJobData): Promise<EnqueueOutcome> {
    return this.guard('Adding the train job', async () => {
      const jobId = randomUUID();
      const job = await this.queue.add(JOBS.train, data, { ...JOB_OPTIONS.train, jobId });
      if (job.id === undefined) {
        throw new Error('BullMQ added the train job without an id');
      }
      return { added: job.id === jobId, jobId: job.id };
    });
  }

  /** The id of the train job waiting or running now, or null when there is none. */
  async findPendingId(): Promise<string | null> {
    return this.guard('Reading the pending train job', async () => {
      const [pending] = await this.queue.getJobs(PENDING_STATES, 0, 0, true);
      return pending?.id ?? null;
    });
  }

  /** The job's state, progress and outcome; null when the queue has no job with that id. */
  async find(jobId: string): Promise<TrainJobSnapshot | null> {
    return this.guard('Reading the train job', async () => {
      // BullMQ finishes a job (state, return value, finishedOn) in one script, but these are
      // two reads: the state first, so a finished state always comes with its outcome...
      let state = await this.queue.getJobState(jobId);
      const job = await this.queue.getJob(jobId);
      if (!job?.id) {
        return null;
      }
      // ...and if the job finished between the reads, its state is read again.
      if (job.finishedOn !== undefined && state !== 'completed' && state !== 'failed') {
        state = await job.getState();
      }
      return {
        id: job.id,
        state,
        progress: job.progress,
        returnValue: job.returnvalue,
        failedReason: job.failedReason || null,
      };
    });
  }

  /** Bounds a queue operation in time; any Redis failure becomes TrainQueueUnavailableError. */
  private async guard<T>(label: string, operation: () => Promise<T>): Promise<T> {
    try {
      return await withTimeout(operation(), QUEUE_TIMEOUT_MS, label);
    } catch (err) {
      throw new TrainQueueUnavailableError(err instanceof Error ? err.message : String(err));
    }
  }
}
