'use client';

import { useEffect, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Movie } from '@marquee/contracts';
import { api } from '../lib/api-client';
import { SEARCH_DEBOUNCE_MS } from '../lib/constants';
import { errorMessage, queryKeys } from '../lib/queries';

export type SearchState =
  | { kind: 'idle' }
  | { kind: 'loading'; query: string }
  | { kind: 'ready'; query: string; movies: Movie[] }
  | { kind: 'error'; query: string; message: string };

/** Whether a query is worth sending: it has a letter or a digit. */
export function isSearchable(query: string): boolean {
  return /[\p{L}\p{N}]/u.test(query);
}

/** `value`, once it has stayed the same for `delayMs`. */
function useDebounced(value: string, delayMs: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}

/**
 * Searches titles once typing pauses; a newer query cancels the request of an older one (the
 * query's signal). `retry` asks again after a failure.
 */
export function useMovieSearch(input: string): { state: SearchState; retry: () => void } {
  const query = useDebounced(input.trim(), SEARCH_DEBOUNCE_MS);
  const enabled = isSearchable(query);
  const result = useQuery({
    queryKey: queryKeys.search(query),
    queryFn: ({ signal }) => api.searchMovies(query, { signal }),
    enabled,
    staleTime: 60_000,
    placeholderData: keepPreviousData,
  });
  const retry = () => void result.refetch();
  if (!enabled) return { state: { kind: 'idle' }, retry };
  if (result.isFetching && (result.isPlaceholderData || !result.data)) {
    return { state: { kind: 'loading', query }, retry };
  }
  if (result.isError) {
    return {
      state: { kind: 'error', query, message: errorMessage(result.error, 'The search failed.') },
      retry,
    };
  }
  if (result.data) return { state: { kind: 'ready', query, movies: result.data.movies }, retry };
  return { state: { kind: 'loading', query }, retry };
}
