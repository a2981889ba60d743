import type { JobState } from 'bullmq';

/** A train job's state as BullMQ reports it; 'unknown' once the queue no longer has the job. */
export type TrainJobState = JobState | 'unknown';

/**
 * A TRAINING version belongs to the train job that created it while BullMQ keeps that job
 * active. BullMQ keeps a job active only while its worker renews the job's lock; once the lock
 * lapses (the trainer was killed, or its machine went away) its stalled-job check moves the job
 * back to waiting for the next trainer, or fails it. In any other state no trainer will finish
 * the version.
 */
export function isOwned(state: TrainJobState): boolean {
  return state === 'active';
}

/** What became of an interrupted version's train job: the detail of its failure reason. */
export type JobFate =
  | { jobId: null }
  | { jobId: string; state: TrainJobState }
  /** A trainer has just taken the job again. */
  | { jobId: string; state: 'retried' };

export function interruptionDetail(fate: JobFate): string {
  const stopped = 'its trainer stopped before finishing it';
  if (fate.jobId === null) return stopped;
  const job = `train job ${fate.jobId}`;
  switch (fate.state) {
    // Taken again by a trainer, or waiting for one: the same fate, seen a moment apart.
    case 'retried':
      return `${stopped}; ${job} is being retried`;
    case 'completed':
      return `${stopped}; ${job} completed with another version`;
    case 'failed':
      return `${stopped}; ${job} failed`;
    case 'unknown':
      return `${stopped}; ${job} is no longer queued`;
    default:
      return `${stopped}; ${job} is being retried`;
  }
}
