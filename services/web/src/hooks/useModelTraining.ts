'use client';

import { useEffect, useState } from 'react';
import type { ModelVersionSummary } from '@marquee/contracts';
import { api } from '../lib/api-client';
import { MODEL_PENDING_RETRY_MS } from '../lib/constants';

export type ModelTraining =
  | { kind: 'unknown' }
  /** The newest version still training (it has no progress figures for the public). */
  | { kind: 'training'; version: number; startedAt: string }
  | { kind: 'none' }
  | { kind: 'failed'; version: number; reason: string | null };

/** What the registry says while no model serves: read from GET /api/models every few seconds. */
export function useModelTraining(enabled: boolean): ModelTraining {
  const [training, setTraining] = useState<ModelTraining>({ kind: 'unknown' });

  useEffect(() => {
    if (!enabled) return;
    let active = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const { versions } = await api.getModels();
        if (active) setTraining(describe(versions));
      } catch {
        // The recommendations notice already says what is wrong; this is only extra detail.
      }
      if (active) timer = setTimeout(() => void poll(), MODEL_PENDING_RETRY_MS);
    };
    void poll();
    return () => {
      active = false;
      clearTimeout(timer);
    };
  }, [enabled]);

  return training;
}

function describe(versions: ModelVersionSummary[]): ModelTraining {
  const newest = versions[0];
  if (!newest) return { kind: 'none' };
  if (newest.status === 'TRAINING') {
    return { kind: 'training', version: newest.version, startedAt: newest.createdAt };
  }
  if (newest.status === 'FAILED') {
    return { kind: 'failed', version: newest.version, reason: newest.failureReason };
  }
  return { kind: 'unknown' };
}
