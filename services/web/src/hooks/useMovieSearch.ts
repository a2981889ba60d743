'use client';

import { useEffect, useState } from 'react';
import type { Movie } from '@marquee/contracts';
import { api, isAbortError } from '../lib/api-client';
import { SEARCH_DEBOUNCE_MS } from '../lib/constants';

export type SearchState =
  | { kind: 'idle' }
  | { kind: 'loading'; query: string }
  | { kind: 'ready'; query: string; movies: Movie[] }
  | { kind: 'error'; query: string; message: string };

/** Searches titles once typing pauses; a newer query cancels the request of an older one. */
export function useMovieSearch(input: string, attempt: number): SearchState {
  const query = input.trim();
  const [state, setState] = useState<SearchState>({ kind: 'idle' });

  useEffect(() => {
    if (!/[\p{L}\p{N}]/u.test(query)) {
      setState({ kind: 'idle' });
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setState({ kind: 'loading', query });
      api.searchMovies(query, { signal: controller.signal }).then(
        ({ movies }) => setState({ kind: 'ready', query, movies }),
        (err: unknown) => {
          if (isAbortError(err)) return;
          setState({
            kind: 'error',
            query,
            message: err instanceof Error ? err.message : 'The search failed.',
          });
        },
      );
    }, SEARCH_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query, attempt]);

  return state;
}
