import { Injectable, Logger } from '@nestjs/common';
import { INTERRUPTED_REASON } from '@marquee/contracts';
import { ModelRegistry } from '@marquee/db';
import { interruptionDetail, isOwned, type JobFate } from './interruption';
import { TrainJobStates } from './train-job-states';

/**
 * Creates TRAINING versions on behalf of train jobs, and marks FAILED ("interrupted") the ones
 * no trainer owns any more, which a trainer killed mid-fit would otherwise leave TRAINING.
 */
@Injectable()
export class VersionOwnership {
  private readonly logger = new Logger(VersionOwnership.name);
  /**
   * The versions this process is training. Its sweeps skip them even when their job is gone
   * from the queue (Redis restarted without its data): this trainer is alive and finishing them.
   */
  private readonly training = new Set<number>();

  constructor(
    private readonly registry: ModelRegistry,
    private readonly jobs: TrainJobStates,
  ) {}

  /**
   * Creates the TRAINING version of a job this trainer has just taken. A version an earlier
   * attempt of the same job left TRAINING is interrupted first: BullMQ hands a job to another
   * trainer only after the previous one's lock has lapsed.
   */
  async create(jobId: string | undefined, config: object): Promise<number> {
    if (jobId !== undefined) {
      for (const earlier of await this.registry.listTraining()) {
        if (earlier.trainJobId === jobId) {
          await this.interrupt(earlier.version, { jobId, state: 'retried' });
        }
      }
    }
    const version = await this.registry.createTraining(config, jobId ?? null);
    this.training.add(version);
    return version;
  }

  /** The version has been published or failed by this trainer. */
  release(version: number): void {
    this.training.delete(version);
  }

  /** Interrupts every TRAINING version no trainer owns; returns their numbers. */
  async sweep(): Promise<number[]> {
    const interrupted: number[] = [];
    for (const { version, trainJobId } of await this.registry.listTraining()) {
      if (this.training.has(version)) continue;
      let fate: JobFate = { jobId: null };
      if (trainJobId !== null) {
        const state = await this.jobs.state(trainJobId);
        if (isOwned(state)) continue;
        fate = { jobId: trainJobId, state };
      }
      if (await this.interrupt(version, fate)) interrupted.push(version);
    }
    return interrupted;
  }

  private async interrupt(version: number, fate: JobFate): Promise<boolean> {
    const detail = interruptionDetail(fate);
    const marked = await this.registry.markInterrupted(version, detail);
    if (marked) this.logger.warn(`version ${version} FAILED: ${INTERRUPTED_REASON}: ${detail}`);
    return marked;
  }
}
