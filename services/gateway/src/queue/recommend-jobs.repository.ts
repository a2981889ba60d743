import { Inject, Injectable, Logger } from '@nestjs/common';
import { JOBS, JOB_OPTIONS, type RecommendJobData } from '@marquee/contracts';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { withTimeout } from '@marquee/nest-common';
import { RECOMMEND_QUEUE, REDIS } from './queue.tokens';
import { RecommendResults, ResultWaitError } from './recommend-results';

export type RecommendJobFailure =
  /** The job could not be added, or its result was lost with the connection (Redis unreachable). */
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

/**
 * Adds recommend jobs and waits for their results, all within one deadline. While Redis is
 * unreachable it fails at once ('unavailable') instead of queueing the job for later.
 */
@Injectable()
export class RecommendJobsRepository {
  private readonly logger = new Logger('RecommendJobs');

  constructor(
    @Inject(RECOMMEND_QUEUE) private readonly queue: Queue,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly results: RecommendResults,
  ) {}

  /**
   * Runs one recommend job and resolves with its raw return value (the caller validates it).
   * Rejects with RecommendJobError; never waits longer than `deadlineMs` in total.
   */
  async run(data: RecommendJobData, deadlineMs: number): Promise<unknown> {
    // The gateway's own connection to the same Redis: when it is down, so is the queue's.
    if (this.redis.status !== 'ready') {
      throw new RecommendJobError('unavailable', `Redis is not connected (${this.redis.status})`);
    }
    // Never the request id as job id: a caller chooses that one (x-request-id), and a
    // reused id would get the earlier job, and another user's result, back.
    const jobId = randomUUID();
    const pending = this.results.expect(jobId, deadlineMs);
    try {
      // The queue's connection does not queue commands while Redis is away, but a command
      // already sent when the connection drops only fails at its timeout; the wait fails at
      // once in that case (connection lost), and so does this.
      await Promise.race([
        withTimeout(
          this.queue.add(JOBS.recommend, data, { ...JOB_OPTIONS.recommend, jobId }),
          deadlineMs,
          'Adding the recommend job',
        ),
        pending.result,
      ]);
      return await pending.result;
    } catch (err) {
      pending.cancel();
      throw this.failure(jobId, err);
    }
  }

  private failure(jobId: string, err: unknown): RecommendJobError {
    if (!(err instanceof ResultWaitError)) {
      return new RecommendJobError('unavailable', errorMessage(err));
    }
    switch (err.kind) {
      case 'timeout':
        this.discardIfWaiting(jobId);
        return new RecommendJobError('timeout', err.message);
      case 'disconnected':
        return new RecommendJobError('unavailable', err.message);
      case 'failed':
        return new RecommendJobError('failed', err.message);
    }
  }

  /** Nobody waits for the job any more: drop it unless a recommender already holds it. */
  private discardIfWaiting(jobId: string): void {
    this.queue.remove(jobId).catch((err: unknown) => {
      this.logger.debug(`Job ${jobId} not removed after its deadline: ${errorMessage(err)}`);
    });
  }
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
