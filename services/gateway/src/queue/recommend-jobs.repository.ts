import { Inject, Injectable, Logger } from '@nestjs/common';
import { JOBS, JOB_OPTIONS, type RecommendJobData } from '@marquee/contracts';
import { type Job, Queue, QueueEvents } from 'bullmq';
import { TimeoutError, withTimeout } from '@marquee/nest-common';
import { RECOMMEND_QUEUE, RECOMMEND_QUEUE_EVENTS } from './queue.tokens';

export type RecommendJobFailure =
  /** The job could not be added (Redis unreachable). */
  | 'unavailable'
  /** No result arrived before the deadline. */
  | 'timeout'
  /** A recommender took the job and failed it; `reason` is its failedReason. */
  | 'failed';

export class RecommendJobError extends Error {
  constructor(
    readonly kind: RecommendJobFailure,
    readonly reason: string,
  ) {
    super(`recommend job ${kind}: ${reason}`);
    this.name = 'RecommendJobError';
  }
}

/** bullmq's own message when waitUntilFinished's ttl passes. */
const BULLMQ_WAIT_TIMEOUT = /timed out before finishing/;

/** Adds recommend jobs and waits for their results, all within one deadline. */
@Injectable()
export class RecommendJobsRepository {
  private readonly logger = new Logger('RecommendJobs');

  constructor(
    @Inject(RECOMMEND_QUEUE) private readonly queue: Queue,
    @Inject(RECOMMEND_QUEUE_EVENTS) private readonly events: QueueEvents,
  ) {}

  /**
   * Runs one recommend job and resolves with its raw return value (the caller validates it).
   * Rejects with RecommendJobError; never waits longer than `deadlineMs` in total.
   */
  async run(data: RecommendJobData, deadlineMs: number): Promise<unknown> {
    const deadline = Date.now() + deadlineMs;
    let job: Job;
    try {
      job = await withTimeout(
        this.queue.add(JOBS.recommend, data, { ...JOB_OPTIONS.recommend, jobId: data.requestId }),
        deadlineMs,
        'Adding the recommend job',
      );
    } catch (err) {
      throw new RecommendJobError('unavailable', errorMessage(err));
    }
    const remaining = Math.max(1, deadline - Date.now());
    try {
      // bullmq's ttl covers the wait itself; the outer timeout also covers its waitUntilReady.
      return await withTimeout(
        job.waitUntilFinished(this.events, remaining),
        remaining + 100,
        'Waiting for the recommend job',
      );
    } catch (err) {
      const message = errorMessage(err);
      if (err instanceof TimeoutError || BULLMQ_WAIT_TIMEOUT.test(message)) {
        this.discardIfWaiting(job);
        throw new RecommendJobError('timeout', message);
      }
      throw new RecommendJobError('failed', message);
    }
  }

  /** Nobody waits for the job any more: drop it unless a recommender already holds it. */
  private discardIfWaiting(job: Job): void {
    job.remove().catch((err: unknown) => {
      this.logger.debug(`Job ${job.id} not removed after its deadline: ${errorMessage(err)}`);
    });
  }
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
