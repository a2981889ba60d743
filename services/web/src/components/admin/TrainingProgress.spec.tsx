/** @jest-environment jsdom */
import { render, screen } from '@testing-library/react';
import type { TrainJobProgress } from '@marquee/contracts';
import { TrainingProgress } from './TrainingProgress';
import { IDLE, type TrainingView } from './training-state';

const epoch = (n: number, of: number): TrainJobProgress => ({
  epoch: n,
  epochs: of,
  loss: 0.5,
  valRmse: 0.9,
});

function bar(view: TrainingView) {
  render(<TrainingProgress view={view} />);
  const progressbar = screen.getByRole('progressbar', { name: 'Training progress' });
  return {
    now: Number(progressbar.getAttribute('aria-valuenow')),
    text: progressbar.getAttribute('aria-valuetext'),
    label: screen.getByTestId('training-progress-label').textContent,
  };
}

describe('TrainingProgress', () => {
  it('is empty while idle or queued', () => {
    expect(bar(IDLE)).toEqual({
      now: 0,
      text: '0%: No retrain running',
      label: 'No retrain running',
    });
  });

  it('says which epoch of how many, with the share done', () => {
    const view: TrainingView = {
      ...IDLE,
      phase: 'running',
      jobId: '1',
      plannedEpochs: 20,
      points: [epoch(1, 20), epoch(2, 20), epoch(3, 20)],
    };
    expect(bar(view)).toEqual({ now: 15, text: '15%: Epoch 3 of 20', label: 'Epoch 3 of 20' });
  });

  it('says the model is being saved after the last epoch, short of 100%', () => {
    const view: TrainingView = {
      ...IDLE,
      phase: 'running',
      jobId: '1',
      plannedEpochs: 2,
      points: [epoch(1, 2), epoch(2, 2)],
    };
    expect(bar(view)).toMatchObject({
      now: 99,
      label: 'Epoch 2 of 2: evaluating and saving the model…',
    });
  });

  it('reaches 100% when the job completes, and says when it stopped early', () => {
    const view: TrainingView = {
      ...IDLE,
      phase: 'completed',
      jobId: '1',
      plannedEpochs: 20,
      points: [epoch(1, 20), epoch(2, 20)],
    };
    const { now, label } = bar(view);
    expect(now).toBe(100);
    expect(label).toBe('Done: stopped early after epoch 2 of 20 (no further improvement)');
  });

  it('says when the trainer has not picked the job up yet', () => {
    expect(bar({ ...IDLE, phase: 'queued', jobId: '2' }).label).toBe('Waiting for the trainer…');
  });
});
