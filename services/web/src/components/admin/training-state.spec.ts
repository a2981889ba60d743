import type { TrainEvent, TrainJobProgress, TrainJobResult } from '@marquee/contracts';
import { IDLE, type TrainingView, applyTrainEvent, percentDone } from './training-state';

const epoch = (n: number, of = 4): TrainJobProgress => ({
  epoch: n,
  epochs: of,
  loss: 1 / n,
  valRmse: 1 + 1 / n,
});
const result: TrainJobResult = {
  modelVersion: 3,
  metrics: {
    valRmse: 1.25,
    trainLoss: 0.25,
    epochs: 4,
    trainSeconds: 2,
    backend: 'wasm',
    ratings: 100,
    users: 10,
    movies: 20,
  },
  activated: true,
  activationReason: 'better than the active version',
};

const play = (events: TrainEvent[], from: TrainingView = IDLE) =>
  events.reduce(applyTrainEvent, from);

describe('applyTrainEvent', () => {
  it('follows a job from queued through every epoch to its result', () => {
    const steps: TrainEvent[] = [
      { type: 'queued', jobId: '7' },
      { type: 'active', jobId: '7' },
      {
        type: 'progress',
        jobId: '7',
        progress: { epoch: 0, epochs: 4, loss: null, valRmse: null },
      },
      { type: 'progress', jobId: '7', progress: epoch(1) },
      { type: 'progress', jobId: '7', progress: epoch(2) },
    ];
    const running = play(steps);
    expect(running).toMatchObject({ phase: 'running', jobId: '7', plannedEpochs: 4 });
    expect(running.points).toEqual([epoch(1), epoch(2)]);
    expect(percentDone(running)).toBe(50);

    const done = play([{ type: 'completed', jobId: '7', result }], running);
    expect(done).toMatchObject({ phase: 'completed', result, points: [epoch(1), epoch(2)] });
    // Stopped early at epoch 2 of 4: the job is over, so the bar is full.
    expect(percentDone(done)).toBe(100);
  });

  it('holds at 99% after the last epoch until the trained model is saved', () => {
    const lastEpoch = play([
      { type: 'progress', jobId: '7', progress: epoch(3) },
      { type: 'progress', jobId: '7', progress: epoch(4) },
    ]);
    expect(lastEpoch.phase).toBe('running');
    expect(percentDone(lastEpoch)).toBe(99);
    expect(percentDone(play([{ type: 'completed', jobId: '7', result }], lastEpoch))).toBe(100);
  });

  it('shows the queued and announced states at 0%', () => {
    const queued = play([{ type: 'queued', jobId: '1' }]);
    expect(queued.phase).toBe('queued');
    expect(percentDone(queued)).toBe(0);
    const announced = play(
      [
        {
          type: 'progress',
          jobId: '1',
          progress: { epoch: 0, epochs: 9, loss: null, valRmse: null },
        },
      ],
      queued,
    );
    expect(announced).toMatchObject({ phase: 'running', plannedEpochs: 9, points: [] });
    expect(percentDone(announced)).toBe(0);
  });

  it('is idempotent: a repeated epoch or event changes nothing', () => {
    const once = play([
      { type: 'active', jobId: '2' },
      { type: 'progress', jobId: '2', progress: epoch(1) },
    ]);
    const twice = play(
      [
        { type: 'active', jobId: '2' },
        { type: 'progress', jobId: '2', progress: epoch(1) },
        { type: 'queued', jobId: '2' },
      ],
      once,
    );
    expect(twice).toEqual(once);
  });

  it('starts the curve again when a job restarts from an earlier epoch', () => {
    const view = play([
      { type: 'progress', jobId: '3', progress: epoch(1) },
      { type: 'progress', jobId: '3', progress: epoch(2) },
      { type: 'progress', jobId: '3', progress: { ...epoch(1), loss: 9 } },
    ]);
    expect(view.points).toEqual([{ ...epoch(1), loss: 9 }]);
  });

  it('switches to a new job and forgets the old one', () => {
    const old = play([
      { type: 'progress', jobId: '4', progress: epoch(3) },
      { type: 'failed', jobId: '4', failedReason: 'out of memory' },
    ]);
    expect(old).toMatchObject({ phase: 'failed', failedReason: 'out of memory' });
    const next = play([{ type: 'queued', jobId: '5' }], old);
    expect(next).toEqual({ ...IDLE, phase: 'queued', jobId: '5' });
  });

  it('ignores progress that arrives after the job ended', () => {
    const done = play([
      { type: 'progress', jobId: '6', progress: epoch(1) },
      { type: 'completed', jobId: '6', result },
    ]);
    expect(play([{ type: 'progress', jobId: '6', progress: epoch(2) }], done)).toEqual(done);
  });

  it('resumes from a snapshot with the history so far', () => {
    const view = play([
      {
        type: 'snapshot',
        job: {
          jobId: '8',
          state: 'active',
          progress: epoch(3),
          result: null,
          failedReason: null,
        },
        history: [epoch(1), epoch(2), epoch(3)],
      },
    ]);
    expect(view).toMatchObject({ phase: 'running', jobId: '8', plannedEpochs: 4 });
    expect(view.points).toEqual([epoch(1), epoch(2), epoch(3)]);
    expect(percentDone(view)).toBe(75);
  });

  it('keeps a waiting job queued, and keeps what is shown when nothing is pending', () => {
    const waiting = play([
      {
        type: 'snapshot',
        job: { jobId: '9', state: 'waiting', progress: null, result: null, failedReason: null },
        history: [],
      },
    ]);
    expect(waiting).toMatchObject({ phase: 'queued', jobId: '9' });
    const done = play([{ type: 'completed', jobId: '9', result }], waiting);
    expect(play([{ type: 'snapshot', job: null, history: [] }], done)).toBe(done);
  });
});
