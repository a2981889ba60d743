import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  JOBS,
  JOB_OPTIONS,
  type MovieForMeJobData,
  type RecommendJobData,
} from '@marquee/contracts';
import { withTimeout } from '@marquee/nest-common';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { backoffMs, sleep } from '../deadlines/backoff';
import type { Deadline } from '../deadlines/deadline';
import { RECOMMEND_QUEUE } from './queue.tokens';
import { RecommendResults, ResultWaitError } from './recommend-results';
import { RedisReadiness } from './redis-readiness';

export type RecommendJobFailure =
  /** Redis could not be reached (the job not added, or its result lost) until the deadline. */
  | 'unavailable'
  /** No result arrived before the deadline. */
  | 'timeout'
  /** A recommender took the job and failed it; `reason` is its failedReason. */
  | 'failed';

/** The jobs of the recommend queue, by their key in JOBS and JOB_OPTIONS. */
export type RecommendQueueJob =
  { kind: 'recommend'; data: RecommendJobData } | { kind: 'movieForMe'; data: MovieForMeJobData };

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
 * away (down, restarting, not answering) the request waits for it and adds the job once it is
 * back; when the connection drops under a waiting request, the job is added again under the same
 * id, which BullMQ ignores if Redis still has it, and recreates if Redis lost it. Nothing is
 * added after the deadline.
 */
@Injectable()
export class RecommendJobsRepository {
  private readonly logger = new Logger('RecommendJobs');

  constructor(
    @Inject(RECOMMEND_QUEUE) private readonly queue: Queue,
    private readonly readiness: RedisReadiness,
    private readonly results: RecommendResults,
  ) {}

  /**
   * Runs one recommend job and resolves with its raw return value (the caller validates it).
   * Rejects with RecommendJobError by the deadline.
   */
  run(data: RecommendJobData, deadline: Deadline): Promise<unknown> {
    return this.runJob({ kind: 'recommend', data }, deadline);
  }

  /** Runs any job of the recommend queue as run() does. */
  async runJob({ kind, data }: RecommendQueueJob, deadline: Deadline): Promise<unknown> {
    // Never the request id as job id: a caller chooses that one (x-request-id), and a
    // reused id would get the earlier job, and another user's result, back.
    if (deadline.expired) throw new RecommendJobError('timeout', 'no time left for a job');
    const jobId = randomUUID();
    let lastError = 'Redis did not answer';
    let added = false;
    for (let attempt = 0; !deadline.expired; attempt++) {
      if (attempt > 0) await sleep(backoffMs(attempt - 1, deadline.remainingMs()));
      if (!(await this.readiness.waitUntilReady(deadline))) {
        lastError = 'Redis is not connected';
        break;
      }
      const pending = this.results.expect(jobId, deadline.remainingMs());
      try {
        const adding = this.queue.add(JOBS[kind], data, { ...JOB_OPTIONS[kind], jobId });
        added = true;
        // The wait fails at once when the event stream's connection drops, and so does this.
        await Promise.race([
          withTimeout(adding, deadline.remainingMs(), 'Adding the recommend job'),
          pending.result,
        ]);
        return await pending.result;
      } catch (err) {
        pending.cancel();
        if (err instanceof ResultWaitError && err.kind !== 'disconnected') {
          if (err.kind === 'timeout') this.discardIfWaiting(jobId);
          throw new RecommendJobError(err.kind, err.message);
        }
        lastError = errorMessage(err);
      }
    }
    if (added) this.discardIfWaiting(jobId);
    throw new RecommendJobError('unavailable', lastError);
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
