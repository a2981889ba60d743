/** @jest-environment jsdom */
import { render, screen } from '@testing-library/react';
import type { ModelTraining } from '../hooks/useModelTraining';
import { ModelTrainingStatus } from './ModelTrainingStatus';

function shown(training: ModelTraining) {
  const { unmount } = render(<ModelTrainingStatus training={training} />);
  const bar = screen.queryByRole('progressbar', { name: 'Training progress' });
  const result = {
    label: screen.queryByTestId('training-status')?.textContent ?? null,
    valueNow: bar === null ? null : Number(bar.getAttribute('aria-valuenow')),
  };
  unmount();
  return result;
}

describe('ModelTrainingStatus', () => {
  it('says which epoch of how many, with an accessible progress bar', () => {
    expect(shown({ kind: 'training', version: 1, epoch: 3, totalEpochs: 12, percent: 25 })).toEqual(
      { label: 'Training the first model: epoch 3 of 12', valueNow: 25 },
    );
  });

  it('says the model is being saved after the last epoch', () => {
    expect(
      shown({ kind: 'training', version: 1, epoch: 12, totalEpochs: 12, percent: 99 }),
    ).toEqual({
      label: 'Training the first model: epoch 12 of 12 done, saving it…',
      valueNow: 99,
    });
  });

  it('starts at 0% while the trainer reads the ratings', () => {
    expect(
      shown({ kind: 'training', version: null, epoch: 0, totalEpochs: null, percent: 0 }),
    ).toEqual({ label: 'Training the first model: reading the ratings…', valueNow: 0 });
  });

  it('has no percentage while the job waits for the trainer', () => {
    expect(shown({ kind: 'queued', jobId: '4' })).toEqual({
      label: 'Training the first model: waiting for the trainer…',
      valueNow: null,
    });
  });

  it('says when the last run failed or nothing has started, without a bar', () => {
    expect(shown({ kind: 'failed', version: 2, reason: 'out of memory' })).toEqual({
      label: 'The last training run (v2) failed: out of memory. An operator has to start another.',
      valueNow: null,
    });
    expect(shown({ kind: 'none' })).toEqual({
      label: 'Training has not started yet.',
      valueNow: null,
    });
  });
});
