import { Injectable, Logger } from '@nestjs/common';
import {
  type PublicTrainingProgress,
  type TrainingProgressResponse,
  trainJobProgress,
} from '@marquee/contracts';
import { ModelRegistry, ModelStatus } from '@marquee/db';
import { TrainQueueUnavailableError } from '../admin/train-jobs.repository';
import { DomainError } from '../errors/domain-error';
import { type PendingTrainJob, PendingTrainJobRepository } from './pending-train-job.repository';

/**
 * Every page waiting for a model polls this, so one answer serves every request for this long
 * (and requests that arrive together share one read): at most one queue read a second.
 */
export const TRAINING_PROGRESS_TTL_MS = 1_000;
/**
 * The trainer creates the version row just after it takes the job; a TRAINING row older than
 * the job (by more than clock skew between hosts) was left by an earlier run, not this one.
 */
const VERSION_CLOCK_SKEW_MS = 5_000;

/** Where the current train job is in its epochs, for anyone: no loss figures, no job data. */
@Injectable()
export class TrainingProgressService {
  private readonly logger = new Logger('TrainingProgress');
  private cached: { at: number; answer: Promise<TrainingProgressResponse> } | null = null;

  constructor(
    private readonly jobs: PendingTrainJobRepository,
    private readonly registry: ModelRegistry,
  ) {}

  current(): Promise<TrainingProgressResponse> {
    const now = Date.now();
    if (this.cached !== null && now - this.cached.at < TRAINING_PROGRESS_TTL_MS) {
      return this.cached.answer;
    }
    const answer = this.read();
    const entry = { at: now, answer };
    this.cached = entry;
    // A failure is not remembered: the next request asks Redis again.
    answer.catch(() => {
      if (this.cached === entry) this.cached = null;
    });
    return answer;
  }

  private async read(): Promise<TrainingProgressResponse> {
    let job: PendingTrainJob | null;
    try {
      job = await this.jobs.find();
    } catch (err) {
      if (!(err instanceof TrainQueueUnavailableError)) throw err;
      this.logger.error(err.message);
      throw new DomainError(
        'QUEUE_UNAVAILABLE',
        'The train queue is unavailable right now. Try again shortly.',
      );
    }
    if (job === null) return { training: null };
    return { training: { ...this.epochs(job), ...(await this.version(job)) } };
  }

  private epochs(job: PendingTrainJob): Omit<PublicTrainingProgress, 'version'> {
    const base = {
      jobId: job.id,
      state: job.state,
      queuedAt: job.queuedAt.toISOString(),
      startedAt: job.startedAt?.toISOString() ?? null,
    };
    // A waiting job may carry the progress of an attempt that stalled; it starts over.
    const reported = job.state === 'active' ? trainJobProgress.safeParse(job.progress) : null;
    if (reported?.success !== true) {
      return { ...base, epoch: 0, totalEpochs: job.requestedEpochs, percent: 0 };
    }
    const { epoch, epochs } = reported.data;
    return {
      ...base,
      epoch,
      totalEpochs: epochs,
      // 100% is a finished job; after the last epoch the trainer still evaluates and saves.
      percent: Math.min(99, Math.floor((epoch / epochs) * 100)),
    };
  }

  private async version(job: PendingTrainJob): Promise<Pick<PublicTrainingProgress, 'version'>> {
    if (job.startedAt === null) return { version: null };
    const row = await this.registry.getLatest(ModelStatus.TRAINING);
    const ours =
      row !== null && row.createdAt.getTime() >= job.startedAt.getTime() - VERSION_CLOCK_SKEW_MS;
    return { version: ours ? row.version : null };
  }
}
