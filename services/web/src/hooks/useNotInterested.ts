'use client';

import { useCallback } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Movie,
  MovieDetailsResponse,
  NotInterestedResponse,
  WatchlistResponse,
} from '@marquee/contracts';
import { api } from '../lib/api-client';
import { queryKeys } from '../lib/queries';

/** The films the user marked "not interested" (read when a view shows them). */
export function useNotInterestedList() {
  return useQuery({ queryKey: queryKeys.notInterested, queryFn: () => api.getNotInterested() });
}

/**
 * "Not interested" and its undo, saved first and then followed in the cached answers: the film
 * leaves the watchlist (a film is on one list at most) and the hidden list gains or loses it;
 * recommendations are read again the next time they are shown. Each rejects with the gateway's
 * refusal, changing nothing.
 */
export function useNotInterestedActions() {
  const client = useQueryClient();

  const mark = useCallback(
    async (movie: Movie) => {
      await api.markNotInterested(movie.id);
      client.setQueryData<WatchlistResponse>(
        queryKeys.watchlist,
        (previous) => previous && { items: previous.items.filter((i) => i.movie.id !== movie.id) },
      );
      client.setQueryData<NotInterestedResponse>(
        queryKeys.notInterested,
        (previous) =>
          previous && {
            items: [
              { movie, markedAt: new Date().toISOString() },
              ...previous.items.filter((i) => i.movie.id !== movie.id),
            ],
          },
      );
      client.setQueryData<MovieDetailsResponse>(
        queryKeys.movie(movie.id),
        (previous) => previous && { ...previous, list: 'not-interested' },
      );
      void client.invalidateQueries({ queryKey: queryKeys.recommendations, refetchType: 'none' });
    },
    [client],
  );

  const undo = useCallback(
    async (movieId: number) => {
      await api.undoNotInterested(movieId);
      client.setQueryData<NotInterestedResponse>(
        queryKeys.notInterested,
        (previous) => previous && { items: previous.items.filter((i) => i.movie.id !== movieId) },
      );
      client.setQueryData<MovieDetailsResponse>(queryKeys.movie(movieId), (previous) =>
        previous && previous.list === 'not-interested' ? { ...previous, list: null } : previous,
      );
      void client.invalidateQueries({ queryKey: queryKeys.recommendations, refetchType: 'none' });
    },
    [client],
  );

  return { mark, undo };
}
