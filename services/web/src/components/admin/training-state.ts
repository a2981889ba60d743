import type { TrainEvent, TrainJobProgress, TrainJobResult } from '@marquee/contracts';

export type TrainingPhase = 'idle' | 'queued' | 'running' | 'completed' | 'failed';

/** What the console shows of the train job it follows, built from the event stream. */
export interface TrainingView {
  phase: TrainingPhase;
  jobId: string | null;
  /** The epochs the job may run (training can stop earlier); null until the trainer says. */
  plannedEpochs: number | null;
  /** One point per finished epoch, in order. */
  points: TrainJobProgress[];
  result: TrainJobResult | null;
  failedReason: string | null;
}

export const IDLE: TrainingView = {
  phase: 'idle',
  jobId: null,
  plannedEpochs: null,
  points: [],
  result: null,
  failedReason: null,
};

function startJob(jobId: string, phase: TrainingPhase): TrainingView {
  return { ...IDLE, jobId, phase };
}

/** Adds a reported epoch; epoch 0 only announces the plan, a repeated epoch replaces. */
function withProgress(view: TrainingView, progress: TrainJobProgress): TrainingView {
  const plannedEpochs = progress.epochs;
  if (progress.epoch === 0 || progress.loss === null || progress.valRmse === null) {
    return { ...view, plannedEpochs, phase: 'running' };
  }
  const before = view.points.filter((p) => p.epoch < progress.epoch);
  return { ...view, plannedEpochs, phase: 'running', points: [...before, progress] };
}

/**
 * Applies one event of GET /api/admin/train/events. Events of another job than the one shown
 * start following that job: one trainer runs at a time, so a new job is the one to watch.
 * Applying an event twice changes nothing (the stream may repeat one after the snapshot).
 */
export function applyTrainEvent(view: TrainingView, event: TrainEvent): TrainingView {
  if (event.type === 'snapshot') {
    const job = event.job;
    // Nothing pending: keep what is shown (a finished job's outcome is fetched by the caller).
    if (job === null) return view;
    let next = startJob(job.jobId, job.state === 'active' ? 'running' : 'queued');
    for (const point of event.history) next = withProgress(next, point);
    if (job.progress !== null) next = withProgress(next, job.progress);
    if (job.state === 'waiting' || job.state === 'prioritized' || job.state === 'delayed') {
      next = { ...next, phase: 'queued' };
    }
    return next;
  }
  const current = view.jobId === event.jobId ? view : startJob(event.jobId, 'queued');
  switch (event.type) {
    case 'queued':
      return current;
    case 'active':
      return current.phase === 'queued' ? { ...current, phase: 'running' } : current;
    case 'progress':
      return current.phase === 'completed' || current.phase === 'failed'
        ? current
        : withProgress(current, event.progress);
    case 'completed':
      return { ...current, phase: 'completed', result: event.result };
    case 'failed':
      return { ...current, phase: 'failed', failedReason: event.failedReason };
  }
}

/**
 * 0..100: finished epochs over planned ones, 100 only once the job has completed (early stop
 * too): after its last epoch the trainer still evaluates and saves the model, shown as 99.
 */
export function percentDone(view: TrainingView): number {
  if (view.phase === 'completed') return 100;
  const last = view.points.at(-1);
  if (!last || !view.plannedEpochs) return 0;
  return Math.min(99, Math.round((last.epoch / view.plannedEpochs) * 100));
}
