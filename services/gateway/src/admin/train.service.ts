import { Injectable, Logger } from '@nestjs/common';
import {
  type AdminTrainBody,
  type AdminTrainResponse,
  TRAIN_JOB_STATES,
  type TrainJobState,
  type TrainStatusResponse,
  trainJobProgress,
  trainJobResult,
} from '@marquee/contracts';
import type { z } from 'zod';
import { DomainError } from '../errors/domain-error';
import {
  type TrainJobSnapshot,
  TrainJobsRepository,
  TrainQueueUnavailableError,
} from './train-jobs.repository';

function isTrainJobState(state: string): state is TrainJobState {
  return (TRAIN_JOB_STATES as readonly string[]).includes(state);
}

/** Starts retrains (one at a time) and reports their progress. */
@Injectable()
export class TrainService {
  private readonly logger = new Logger('AdminTrain');

  constructor(private readonly jobs: TrainJobsRepository) {}

  /** `requestId` (x-request-id) goes with the job, so the trainer's lines name it. */
  async start(body: AdminTrainBody, requestId?: string): Promise<AdminTrainResponse> {
    const outcome = await this.queued(() =>
      this.jobs.addUnlessPending({
        reason: 'manual',
        ...(body.epochs !== undefined ? { epochs: body.epochs } : {}),
        ...(requestId !== undefined ? { requestId } : {}),
      }),
    );
    if (!outcome.added) {
      throw new DomainError(
        'TRAIN_IN_PROGRESS',
        `Train job ${outcome.jobId} is already waiting or running, and only one trainer runs at ` +
          'a time: follow it with GET /api/admin/train/' +
          `${outcome.jobId}, then start another once it has finished.`,
        undefined,
        { jobId: outcome.jobId },
      );
    }
    this.logger.log(
      `Queued manual train job ${outcome.jobId}` +
        (body.epochs !== undefined ? ` (${body.epochs} epochs)` : ''),
    );
    return { jobId: outcome.jobId };
  }

  async status(jobId: string): Promise<TrainStatusResponse> {
    const job = await this.queued(() => this.jobs.find(jobId));
    // 'unknown': the job was removed between the two reads.
    if (job === null || !isTrainJobState(job.state)) {
      throw new DomainError('TRAIN_JOB_NOT_FOUND', `There is no train job with id ${jobId}`);
    }
    return {
      jobId: job.id,
      state: job.state,
      progress: this.parsed(job, 'progress', trainJobProgress, job.progress),
      result: this.parsed(job, 'result', trainJobResult, job.returnValue),
      failedReason: job.failedReason,
    };
  }

  /** The train job waiting or running now, or null when the trainer is idle. */
  async current(): Promise<TrainStatusResponse | null> {
    const jobId = await this.queued(() => this.jobs.findPendingId());
    if (jobId === null) return null;
    try {
      return await this.status(jobId);
    } catch (err) {
      // Finished and removed between the two reads: nothing is pending any more.
      if (err instanceof DomainError && err.code === 'TRAIN_JOB_NOT_FOUND') return null;
      throw err;
    }
  }

  /** The value if it matches the contract; null if absent, logged if malformed. */
  private parsed<T>(
    job: TrainJobSnapshot,
    what: string,
    schema: z.ZodType<T>,
    value: unknown,
  ): T | null {
    // BullMQ's defaults before the trainer reports anything: progress 0, no return value.
    if (value === null || value === undefined || value === 0) {
      return null;
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      this.logger.warn(`Train job ${job.id} has a malformed ${what}: ${JSON.stringify(value)}`);
      return null;
    }
    return parsed.data;
  }

  private async queued<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (err) {
      if (!(err instanceof TrainQueueUnavailableError)) throw err;
      this.logger.error(err.message);
      throw new DomainError(
        'QUEUE_UNAVAILABLE',
        'The train queue is unavailable right now. Try again shortly.',
      );
    }
  }
}
