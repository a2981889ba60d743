/** @jest-environment jsdom */
import { act, renderHook } from '@testing-library/react';
import type {
  ModelVersionSummary,
  ModelsResponse,
  PublicTrainingProgress,
  TrainingProgressResponse,
} from '@marquee/contracts';
import { api } from '../lib/api-client';
import { TRAINING_POLL_MS } from '../lib/constants';
import { useModelTraining } from './useModelTraining';

jest.mock('../lib/api-client', () => ({
  api: { getTrainingProgress: jest.fn(), getModels: jest.fn() },
}));

const getTrainingProgress = api.getTrainingProgress as jest.MockedFunction<
  typeof api.getTrainingProgress
>;
const getModels = api.getModels as jest.MockedFunction<typeof api.getModels>;

function running(epoch: number, totalEpochs: number): TrainingProgressResponse {
  const job: PublicTrainingProgress = {
    jobId: '7',
    state: 'active',
    version: 2,
    epoch,
    totalEpochs,
    percent: Math.floor((epoch / totalEpochs) * 100),
    queuedAt: '2025-01-01T00:00:00.000Z',
    startedAt: '2025-01-01T00:00:01.000Z',
  };
  return { training: job };
}

function failedVersion(version: number): ModelVersionSummary {
  return {
    version,
    status: 'FAILED',
    active: false,
    createdAt: '2025-01-01T00:00:00.000Z',
    readyAt: null,
    activatedAt: null,
    checksum: null,
    metrics: null,
    dataSnapshot: null,
    failureReason: 'there are no ratings to train on',
    activationReason: null,
  };
}

/** Lets the pending poll settle, then moves the clock by `ms`. */
async function advance(ms: number): Promise<void> {
  await act(async () => {
    await jest.advanceTimersByTimeAsync(ms);
  });
}

beforeEach(() => {
  jest.useFakeTimers();
  getTrainingProgress.mockReset();
  getModels.mockReset();
});

afterEach(() => {
  jest.useRealTimers();
});

describe('useModelTraining', () => {
  it('asks nothing while a model is serving', async () => {
    const { result } = renderHook(() => useModelTraining(false));
    await advance(TRAINING_POLL_MS * 3);
    expect(getTrainingProgress).not.toHaveBeenCalled();
    expect(result.current).toEqual({ kind: 'unknown' });
  });

  it('follows the epochs every couple of seconds, without reading the registry', async () => {
    getTrainingProgress
      .mockResolvedValueOnce(running(3, 12))
      .mockResolvedValueOnce(running(4, 12))
      .mockResolvedValue({ training: { ...running(0, 12).training!, state: 'waiting' } });
    const { result } = renderHook(() => useModelTraining(true));

    await advance(0);
    expect(result.current).toEqual({
      kind: 'training',
      version: 2,
      epoch: 3,
      totalEpochs: 12,
      percent: 25,
    });
    await advance(TRAINING_POLL_MS - 1);
    expect(getTrainingProgress).toHaveBeenCalledTimes(1);
    await advance(1);
    expect(result.current).toMatchObject({ kind: 'training', epoch: 4, percent: 33 });
    await advance(TRAINING_POLL_MS);
    expect(result.current).toEqual({ kind: 'queued', jobId: '7' });
    expect(getModels).not.toHaveBeenCalled();
  });

  it('reads the registry only when no job is pending, to say the last run failed', async () => {
    getTrainingProgress.mockResolvedValue({ training: null });
    getModels.mockResolvedValue({ versions: [failedVersion(3)] } satisfies ModelsResponse);
    const { result } = renderHook(() => useModelTraining(true));
    await advance(0);
    expect(result.current).toEqual({
      kind: 'failed',
      version: 3,
      reason: 'there are no ratings to train on',
    });

    getModels.mockResolvedValue({ versions: [] });
    await advance(TRAINING_POLL_MS);
    expect(result.current).toEqual({ kind: 'none' });
  });

  it('keeps polling through a failed request and stops once a model serves', async () => {
    getTrainingProgress
      .mockRejectedValueOnce(new Error('offline'))
      .mockResolvedValue(running(5, 10));
    const { result, rerender } = renderHook(({ enabled }) => useModelTraining(enabled), {
      initialProps: { enabled: true },
    });
    await advance(0);
    expect(result.current).toEqual({ kind: 'unknown' });
    await advance(TRAINING_POLL_MS);
    expect(result.current).toMatchObject({ kind: 'training', epoch: 5, percent: 50 });

    rerender({ enabled: false });
    const calls = getTrainingProgress.mock.calls.length;
    await advance(TRAINING_POLL_MS * 5);
    expect(getTrainingProgress).toHaveBeenCalledTimes(calls);
  });
});
