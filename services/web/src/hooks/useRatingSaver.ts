'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiClientError } from '../lib/api-client';

export type SaveStatus =
  { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'error'; message: string };

/** Wait this long after the last change before saving, so arrow-key runs send one request. */
const SAVE_DELAY_MS = 250;

/**
 * Keeps one film's rating in step with the server. Changes apply on screen at once and are
 * saved after a short pause; requests never overlap, and only the newest value is reported as
 * saved. `null` clears the rating.
 */
export function useRatingSaver(
  movieId: number,
  initial: number | null,
  onSaved: (movieId: number, rating: number | null) => void,
) {
  const [value, setValue] = useState<number | null>(initial);
  const [status, setStatus] = useState<SaveStatus>({ kind: 'idle' });
  const wanted = useRef<number | null>(initial);
  const inFlight = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const mounted = useRef(true);
  const onSavedRef = useRef(onSaved);
  /** True from a change until its save has finished (or failed). */
  const pending = useRef(false);

  useEffect(() => {
    onSavedRef.current = onSaved;
  });

  // The same film can show in several places (grid, search, recommendations, my ratings):
  // follow a rating saved elsewhere unless this copy has an edit of its own in progress.
  useEffect(() => {
    if (pending.current || wanted.current === initial) return;
    wanted.current = initial;
    setValue(initial);
    setStatus({ kind: 'idle' });
  }, [initial]);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      clearTimeout(timer.current);
    };
  }, []);

  const flush = useCallback(async (): Promise<void> => {
    if (inFlight.current) return; // the running request flushes again when it ends
    const target = wanted.current;
    inFlight.current = true;
    let failure: string | null = null;
    try {
      if (target === null) await api.deleteRating(movieId);
      else await api.rateMovie(movieId, target);
    } catch (err) {
      failure = err instanceof ApiClientError ? err.message : 'Could not save the rating.';
    }
    inFlight.current = false;
    if (!mounted.current) return;
    if (wanted.current !== target) return flush();
    pending.current = false;
    if (failure !== null) {
      setStatus({ kind: 'error', message: failure });
      return;
    }
    setStatus({ kind: 'saved' });
    onSavedRef.current(movieId, target);
  }, [movieId]);

  const change = useCallback(
    (next: number | null) => {
      wanted.current = next;
      pending.current = true;
      setValue(next);
      setStatus({ kind: 'saving' });
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void flush(), SAVE_DELAY_MS);
    },
    [flush],
  );

  const retry = useCallback(() => {
    pending.current = true;
    setStatus({ kind: 'saving' });
    void flush();
  }, [flush]);

  return { value, status, change, retry };
}
