'use client';

import { useEffect, useReducer, useRef, useState } from 'react';
import type { TrainEvent, TrainStatusResponse } from '@marquee/contracts';
import { TRAIN_EVENTS_URL, adminApi } from './admin-api';
import { IDLE, type TrainingView, applyTrainEvent } from './training-state';

export type StreamStatus = 'connecting' | 'live' | 'reconnecting';

/** How long to wait before renewing the session and reopening a refused stream. */
const REOPEN_DELAY_MS = 2_000;

/** The events a finished job's status stands for (when it ended while the stream was down). */
function outcomeEvents(status: TrainStatusResponse): TrainEvent[] {
  if (status.state === 'completed') {
    return [{ type: 'completed', jobId: status.jobId, result: status.result }];
  }
  if (status.state === 'failed') {
    return [{ type: 'failed', jobId: status.jobId, failedReason: status.failedReason ?? '' }];
  }
  return [];
}

/**
 * Follows the train queue live over Server-Sent Events (GET /api/admin/train/events, which
 * the session cookie opens). The browser reconnects a dropped stream by itself; a stream the
 * server refuses (the session expired) is reopened after renewing the session with the token.
 * `dispatch` also takes the console's own events, e.g. the job a click just queued.
 */
export function useTrainEvents(token: string | null): {
  view: TrainingView;
  status: StreamStatus;
  dispatch: (event: TrainEvent) => void;
} {
  const [view, dispatch] = useReducer(applyTrainEvent, IDLE);
  const [status, setStatus] = useState<StreamStatus>('connecting');
  const viewRef = useRef(view);
  useEffect(() => {
    viewRef.current = view;
  }, [view]);

  useEffect(() => {
    if (token === null) return;
    let source: EventSource | null = null;
    let reopenTimer: ReturnType<typeof setTimeout> | undefined;
    let disposed = false;

    const resolveFinishedJob = (jobId: string) => {
      adminApi
        .trainStatus(token, jobId)
        .then((s) => outcomeEvents(s).forEach(dispatch))
        .catch(() => undefined);
    };

    const open = () => {
      setStatus('connecting');
      const current = new EventSource(TRAIN_EVENTS_URL);
      source = current;
      current.onopen = () => setStatus('live');
      current.onmessage = (message: MessageEvent<string>) => {
        let event: TrainEvent;
        try {
          event = JSON.parse(message.data) as TrainEvent;
        } catch {
          return;
        }
        const shown = viewRef.current;
        if (
          event.type === 'snapshot' &&
          event.job === null &&
          shown.jobId !== null &&
          (shown.phase === 'queued' || shown.phase === 'running')
        ) {
          // The job being watched ended while the stream was down: ask how it ended.
          resolveFinishedJob(shown.jobId);
        }
        dispatch(event);
      };
      current.onerror = () => {
        setStatus('reconnecting');
        if (current.readyState !== EventSource.CLOSED) return; // the browser retries itself
        current.close();
        reopenTimer = setTimeout(() => {
          adminApi
            .startSession(token)
            .catch(() => undefined)
            .finally(() => {
              if (!disposed) open();
            });
        }, REOPEN_DELAY_MS);
      };
    };

    open();
    return () => {
      disposed = true;
      clearTimeout(reopenTimer);
      source?.close();
    };
  }, [token]);

  return { view, status, dispatch };
}
