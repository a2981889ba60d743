'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { Movie } from '@marquee/contracts';
import { ratingEntryOf, ratingOf } from '../lib/pending-summary';
import { isDeferred, type PendingEntry, type PendingWritesSnapshot } from '../lib/pending-writes';
import { usePendingWrites } from './usePendingWrites';

export type SaveStatus =
  | { kind: 'idle' }
  | { kind: 'saving' }
  /** Held back by an outage: kept, and sent by itself when the gateway answers. */
  | { kind: 'pending' }
  | { kind: 'saved' }
  | { kind: 'error'; message: string };

/** Wait this long after the last change before saving, so arrow-key runs send one request. */
const SAVE_DELAY_MS = 250;

function statusOf(
  drafting: boolean,
  entry: PendingEntry | undefined,
  snapshot: PendingWritesSnapshot,
  saved: boolean,
): SaveStatus {
  if (drafting) return { kind: 'saving' };
  if (entry?.state === 'failed') {
    return { kind: 'error', message: entry.error ?? 'Could not save the rating.' };
  }
  if (entry) return isDeferred(entry, snapshot) ? { kind: 'pending' } : { kind: 'saving' };
  return saved ? { kind: 'saved' } : { kind: 'idle' };
}

/**
 * One movie's stars as the user set them, kept in step with the server through the page's
 * write queue. A change shows at once and is queued after a short pause; the queue sends it
 * (or keeps it through an outage). `current` is the movie's rating as the page knows it, the
 * queued writes included, so every copy of the movie (grid, search, recommendations, my
 * ratings) follows a change made in another. `null` clears the rating.
 */
export function useRatingSaver(movie: Movie, current: number | null) {
  const { queue, snapshot } = usePendingWrites();
  const entry = ratingEntryOf(snapshot.entries, movie.id);
  const [draft, setDraft] = useState<{ value: number | null } | null>(null);
  const [saved, setSaved] = useState(false);
  const draftRef = useRef<{ value: number | null } | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const movieRef = useRef(movie);

  useEffect(() => {
    movieRef.current = movie;
  });

  useEffect(
    () =>
      queue.onSent((write) => {
        if (write.kind !== 'skip' && write.movie.id === movie.id) setSaved(true);
      }),
    [queue, movie.id],
  );

  const commit = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = undefined;
    const pending = draftRef.current;
    if (pending === null) return;
    draftRef.current = null;
    const target = movieRef.current;
    queue.enqueue(
      pending.value === null
        ? { kind: 'unrate', movie: target }
        : { kind: 'rate', movie: target, rating: pending.value },
    );
    setDraft(null);
  }, [queue]);

  // A change made just before the card went away (skipped, list reloaded) is still saved.
  useEffect(() => () => commit(), [commit]);

  const change = useCallback(
    (next: number | null) => {
      draftRef.current = { value: next };
      setDraft({ value: next });
      setSaved(false);
      clearTimeout(timer.current);
      timer.current = setTimeout(commit, SAVE_DELAY_MS);
    },
    [commit],
  );

  const failedId = entry?.state === 'failed' ? entry.id : null;
  const retry = useCallback(() => {
    if (failedId !== null) queue.retry(failedId);
  }, [queue, failedId]);

  let value = current;
  if (draft !== null) value = draft.value;
  else if (entry) value = ratingOf(entry.write) ?? null;

  return { value, status: statusOf(draft !== null, entry, snapshot, saved), change, retry };
}
