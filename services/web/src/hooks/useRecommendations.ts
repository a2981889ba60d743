'use client';

import { useQuery } from '@tanstack/react-query';
import type { RecommendationFilter, RecommendationsResponse } from '@marquee/contracts';
import { api } from '../lib/api-client';
import { MODEL_PENDING_RETRY_MS } from '../lib/constants';
import { errorMessage, isModelPending, queryKeys } from '../lib/queries';

export type RecommendationsState =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'ready'; data: RecommendationsResponse }
  /** 503: no model is ready yet; the query asks again every few seconds. */
  | { kind: 'waiting'; message: string; checking: boolean }
  | { kind: 'error'; message: string };

/**
 * A list stays as it is while the user moves between views; a rating or a list change marks it
 * stale, so it is drawn again the next time it is shown.
 */
const RECOMMENDATIONS_STALE_MS = 5 * 60_000;

/** The model's list for `filter`: one query per filter, polled while no model is ready. */
export function useRecommendations(filter: RecommendationFilter) {
  const query = useQuery({
    queryKey: queryKeys.recommendationsFor(filter),
    queryFn: () => api.getRecommendations(undefined, filter),
    staleTime: RECOMMENDATIONS_STALE_MS,
    refetchInterval: (q) => (isModelPending(q.state.error) ? MODEL_PENDING_RETRY_MS : false),
  });

  let state: RecommendationsState;
  if (query.isError && isModelPending(query.error)) {
    state = { kind: 'waiting', message: query.error.message, checking: query.isFetching };
  } else if (query.isFetching) {
    // A refresh shows the skeletons again, as a new list is drawn.
    state = { kind: 'loading' };
  } else if (query.isError) {
    state = {
      kind: 'error',
      message: errorMessage(query.error, 'Could not load recommendations.'),
    };
  } else if (query.data) {
    state = { kind: 'ready', data: query.data };
  } else {
    state = { kind: 'loading' };
  }

  const { refetch } = query;
  return { state, load: () => void refetch() };
}
