'use client';

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Movie, WatchlistItem } from '@marquee/contracts';
import { api } from '../lib/api-client';

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
  /** The gateway took the movie off (rated, or marked not interested): follow it here. */
  forget(movieId: number): void;
  reload(): void;
}

function message(err: unknown, fallback: string): string {
  return err instanceof Error && err.message ? err.message : fallback;
}

/** The user's watchlist: read once, then kept in step with each add and removal. */
export function useWatchlist(): Watchlist {
  const [items, setItems] = useState<WatchlistItem[]>([]);
  const [load, setLoad] = useState<WatchlistLoad>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState<ReadonlySet<number>>(() => new Set());
  const itemsRef = useRef(items);
  itemsRef.current = items;

  useEffect(() => {
    let active = true;
    setLoad({ kind: 'loading' });
    api.getWatchlist().then(
      (list) => {
        if (!active) return;
        setItems(list.items);
        setLoad({ kind: 'ready' });
      },
      (err: unknown) => {
        if (active)
          setLoad({ kind: 'error', message: message(err, 'Could not load your watchlist.') });
      },
    );
    return () => {
      active = false;
    };
  }, [attempt]);

  const mark = useCallback((movieId: number, on: boolean) => {
    setBusy((previous) => {
      const next = new Set(previous);
      if (on) next.add(movieId);
      else next.delete(movieId);
      return next;
    });
  }, []);

  const add = useCallback(
    async (movie: Movie) => {
      if (itemsRef.current.some((i) => i.movie.id === movie.id)) return;
      const item: WatchlistItem = { movie, addedAt: new Date().toISOString() };
      setItems((previous) => [item, ...previous.filter((i) => i.movie.id !== movie.id)]);
      mark(movie.id, true);
      try {
        await api.addToWatchlist(movie.id);
      } catch (err) {
        setItems((previous) => previous.filter((i) => i !== item));
        throw new Error(message(err, 'Could not add it to your watchlist.'));
      } finally {
        mark(movie.id, false);
      }
    },
    [mark],
  );

  const remove = useCallback(
    async (movieId: number) => {
      const index = itemsRef.current.findIndex((i) => i.movie.id === movieId);
      const removed = itemsRef.current[index];
      if (removed === undefined) return;
      setItems((previous) => previous.filter((i) => i.movie.id !== movieId));
      mark(movieId, true);
      try {
        await api.removeFromWatchlist(movieId);
      } catch (err) {
        setItems((previous) => {
          if (previous.some((i) => i.movie.id === movieId)) return previous;
          const next = [...previous];
          next.splice(Math.min(index, next.length), 0, removed);
          return next;
        });
        throw new Error(message(err, 'Could not remove it from your watchlist.'));
      } finally {
        mark(movieId, false);
      }
    },
    [mark],
  );

  const forget = useCallback((movieId: number) => {
    setItems((previous) =>
      previous.some((i) => i.movie.id === movieId)
        ? previous.filter((i) => i.movie.id !== movieId)
        : previous,
    );
  }, []);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const ids = useMemo(() => new Set(items.map((i) => i.movie.id)), [items]);
  const has = useCallback((movieId: number) => ids.has(movieId), [ids]);

  return { load, items, has, busy, add, remove, forget, reload };
}
