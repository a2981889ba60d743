'use client';

import { useCallback, useMemo } from 'react';
import {
  useMutation,
  useMutationState,
  useQuery,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query';
import type {
  Movie,
  MovieDetailsResponse,
  NotInterestedResponse,
  WatchlistItem,
  WatchlistResponse,
} from '@marquee/contracts';
import { api } from '../lib/api-client';
import { errorMessage, queryKeys } from '../lib/queries';

export type WatchlistLoad =
  { kind: 'loading' } | { kind: 'ready' } | { kind: 'error'; message: string };

export interface Watchlist {
  load: WatchlistLoad;
  /** Most recently added first, as the gateway lists them, with this page's changes. */
  items: WatchlistItem[];
  has(movieId: number): boolean;
  /** Movies whose add or removal is on its way. */
  busy: ReadonlySet<number>;
  /** Adds the movie at once and saves it; rejects (and takes it back off) when refused. */
  add(movie: Movie): Promise<void>;
  /** Removes the movie at once and saves it; rejects (and puts it back) when refused. */
  remove(movieId: number): Promise<void>;
  reload(): void;
}

const MUTATION_KEY = ['watchlist-change'] as const;

type Change = { kind: 'add'; movie: Movie } | { kind: 'remove'; movieId: number };

const movieIdOf = (change: Change) => (change.kind === 'add' ? change.movie.id : change.movieId);

/** The film's details follow the change: on the watchlist, or on no list. */
function setDetailsList(client: QueryClient, movieId: number, listed: boolean): void {
  client.setQueryData<MovieDetailsResponse>(queryKeys.movie(movieId), (previous) =>
    previous ? { ...previous, list: listed ? 'watchlist' : null } : previous,
  );
}

/**
 * The user's watchlist (a query every view shares) and its changes: each shows at once, is
 * saved, and is taken back when the gateway refuses it. A film put on the watchlist leaves "not
 * interested" (the gateway keeps a film on one list at most), and the recommendations, which
 * never include watchlisted films, are read again the next time they are shown.
 */
export function useWatchlist(): Watchlist {
  const client = useQueryClient();
  const query = useQuery({ queryKey: queryKeys.watchlist, queryFn: () => api.getWatchlist() });
  const items = useMemo(() => query.data?.items ?? [], [query.data]);

  const mutation = useMutation({
    mutationKey: MUTATION_KEY,
    mutationFn: (change: Change) =>
      change.kind === 'add'
        ? api.addToWatchlist(change.movie.id)
        : api.removeFromWatchlist(change.movieId),
    onMutate: async (change) => {
      await client.cancelQueries({ queryKey: queryKeys.watchlist });
      const before = client.getQueryData<WatchlistResponse>(queryKeys.watchlist);
      const movieId = movieIdOf(change);
      client.setQueryData<WatchlistResponse>(queryKeys.watchlist, (previous) => {
        const list = previous?.items ?? [];
        const others = list.filter((i) => i.movie.id !== movieId);
        return change.kind === 'add'
          ? { items: [{ movie: change.movie, addedAt: new Date().toISOString() }, ...others] }
          : { items: others };
      });
      setDetailsList(client, movieId, change.kind === 'add');
      return { before };
    },
    onError: (_error, change, context) => {
      const movieId = movieIdOf(change);
      client.setQueryData<WatchlistResponse>(queryKeys.watchlist, (current) => {
        const was = context?.before?.items ?? [];
        const item = was.find((i) => i.movie.id === movieId);
        const others = (current?.items ?? []).filter((i) => i.movie.id !== movieId);
        if (!item) return { items: others };
        const next = [...others];
        next.splice(Math.min(was.indexOf(item), next.length), 0, item);
        return { items: next };
      });
      setDetailsList(client, movieId, change.kind === 'remove');
    },
    onSuccess: (_data, change) => {
      if (change.kind === 'add') {
        const movieId = change.movie.id;
        client.setQueryData<NotInterestedResponse>(
          queryKeys.notInterested,
          (previous) => previous && { items: previous.items.filter((i) => i.movie.id !== movieId) },
        );
      }
      void client.invalidateQueries({ queryKey: queryKeys.recommendations, refetchType: 'none' });
    },
  });
  const { mutateAsync } = mutation;

  const pending = useMutationState({
    filters: { mutationKey: MUTATION_KEY, status: 'pending' },
    select: (m) => m.state.variables as Change | undefined,
  });
  const busy = useMemo(
    () => new Set(pending.flatMap((change) => (change ? [movieIdOf(change)] : []))),
    [pending],
  );

  const ids = useMemo(() => new Set(items.map((i) => i.movie.id)), [items]);
  const has = useCallback((movieId: number) => ids.has(movieId), [ids]);

  const add = useCallback(
    async (movie: Movie) => {
      if (ids.has(movie.id)) return;
      try {
        await mutateAsync({ kind: 'add', movie });
      } catch (err) {
        throw new Error(errorMessage(err, 'Could not add it to your watchlist.'));
      }
    },
    [ids, mutateAsync],
  );
  const remove = useCallback(
    async (movieId: number) => {
      if (!ids.has(movieId)) return;
      try {
        await mutateAsync({ kind: 'remove', movieId });
      } catch (err) {
        throw new Error(errorMessage(err, 'Could not remove it from your watchlist.'));
      }
    },
    [ids, mutateAsync],
  );

  const { refetch } = query;
  const reload = useCallback(() => void refetch(), [refetch]);
  const load: WatchlistLoad = query.isPending
    ? { kind: 'loading' }
    : query.isError && !query.data
      ? { kind: 'error', message: errorMessage(query.error, 'Could not load your watchlist.') }
      : { kind: 'ready' };

  return { load, items, has, busy, add, remove, reload };
}
