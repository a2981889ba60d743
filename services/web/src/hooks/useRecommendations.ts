'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { RecommendationFilter, RecommendationsResponse } from '@marquee/contracts';
import { api, ApiClientError } from '../lib/api-client';
import { MODEL_PENDING_RETRY_MS } from '../lib/constants';

export type RecommendationsState =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'ready'; data: RecommendationsResponse }
  /** 503: no model is ready yet; the hook asks again every few seconds. */
  | { kind: 'waiting'; message: string; checking: boolean }
  | { kind: 'error'; message: string };

const SERVICE_UNAVAILABLE = 503;

export function useRecommendations() {
  const [state, setState] = useState<RecommendationsState>({ kind: 'idle' });
  /** The genre and decade the list is limited to; {} for none. */
  const [filter, setFilterState] = useState<RecommendationFilter>({});
  const filterRef = useRef<RecommendationFilter>({});
  const latestRequest = useRef(0);

  const load = useCallback(async (quiet = false) => {
    const request = ++latestRequest.current;
    setState((previous) =>
      quiet && previous.kind === 'waiting' ? { ...previous, checking: true } : { kind: 'loading' },
    );
    try {
      const data = await api.getRecommendations(undefined, filterRef.current);
      if (request === latestRequest.current) setState({ kind: 'ready', data });
    } catch (err) {
      if (request !== latestRequest.current) return;
      if (err instanceof ApiClientError && err.status === SERVICE_UNAVAILABLE) {
        setState({ kind: 'waiting', message: err.message, checking: false });
      } else {
        setState({
          kind: 'error',
          message: err instanceof Error ? err.message : 'Could not load recommendations.',
        });
      }
    }
  }, []);

  const waitingForModel = state.kind === 'waiting' && !state.checking;
  useEffect(() => {
    if (!waitingForModel) return;
    const timer = setTimeout(() => void load(true), MODEL_PENDING_RETRY_MS);
    return () => clearTimeout(timer);
  }, [waitingForModel, load]);

  useEffect(
    () => () => {
      latestRequest.current += 1; // ignore answers that arrive after unmount
    },
    [],
  );

  /** Limits the list to a genre and/or a decade, and asks the recommender again. */
  const setFilter = useCallback(
    (next: RecommendationFilter) => {
      filterRef.current = next;
      setFilterState(next);
      void load();
    },
    [load],
  );

  /** Back to nothing shown (after the profile was reset). */
  const reset = useCallback(() => {
    latestRequest.current += 1;
    filterRef.current = {};
    setFilterState({});
    setState({ kind: 'idle' });
  }, []);

  return { state, load, reset, filter, setFilter };
}
