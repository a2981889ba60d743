'use client';

import { useEffect, useState } from 'react';
import type { ModelVersionSummary, PublicTrainingProgress } from '@marquee/contracts';
import { api } from '../lib/api-client';
import { TRAINING_POLL_MS } from '../lib/constants';

export type ModelTraining =
  | { kind: 'unknown' }
  /** A train job waits for the trainer. */
  | { kind: 'queued'; jobId: string }
  /** The trainer is on it: epochs done of planned (null while it does not say yet). */
  | {
      kind: 'training';
      version: number | null;
      epoch: number;
      totalEpochs: number | null;
      percent: number;
    }
  | { kind: 'none' }
  | { kind: 'failed'; version: number; reason: string | null };

/**
 * How far the next model is, while no model serves (`enabled`): GET /api/models/training every
 * couple of seconds, and GET /api/models only when no job is pending (to tell "not started"
 * from "failed"). Stops polling once `enabled` turns false (a model is active).
 */
export function useModelTraining(enabled: boolean): ModelTraining {
  const [training, setTraining] = useState<ModelTraining>({ kind: 'unknown' });

  useEffect(() => {
    if (!enabled) return;
    let active = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const next = await read();
        if (active) setTraining(next);
      } catch {
        // The recommendations notice already says what is wrong; this is only extra detail.
      }
      if (active) timer = setTimeout(() => void poll(), TRAINING_POLL_MS);
    };
    void poll();
    return () => {
      active = false;
      clearTimeout(timer);
    };
  }, [enabled]);

  return training;
}

async function read(): Promise<ModelTraining> {
  const { training } = await api.getTrainingProgress();
  if (training !== null) return fromJob(training);
  const { versions } = await api.getModels();
  return fromRegistry(versions);
}

function fromJob(job: PublicTrainingProgress): ModelTraining {
  if (job.state === 'waiting') return { kind: 'queued', jobId: job.jobId };
  return {
    kind: 'training',
    version: job.version,
    epoch: job.epoch,
    totalEpochs: job.totalEpochs,
    percent: job.percent,
  };
}

function fromRegistry(versions: ModelVersionSummary[]): ModelTraining {
  const newest = versions[0];
  if (!newest) return { kind: 'none' };
  if (newest.status === 'FAILED') {
    return { kind: 'failed', version: newest.version, reason: newest.failureReason };
  }
  // A TRAINING row with no pending job is left over from a stopped trainer; READY/ACTIVE means
  // a model is about to serve: the recommendations notice covers both.
  return { kind: 'unknown' };
}
