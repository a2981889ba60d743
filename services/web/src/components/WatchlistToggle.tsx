'use client';

import { useState } from 'react';
import type { Movie } from '@marquee/contracts';
import type { Watchlist } from '../hooks/useWatchlist';
import { displayTitle } from '../lib/movie-display';
import styles from './WatchlistToggle.module.css';

/** "Watchlist" on a movie card: a toggle button (pressed while the movie is on the watchlist). */
export function WatchlistToggle({ movie, watchlist }: { movie: Movie; watchlist: Watchlist }) {
  const [error, setError] = useState<string | null>(null);
  const listed = watchlist.has(movie.id);
  const title = displayTitle(movie.title);

  async function toggle() {
    setError(null);
    try {
      if (listed) await watchlist.remove(movie.id);
      else await watchlist.add(movie);
    } catch (err) {
      setError(err instanceof Error ? err.message : 'Could not change your watchlist.');
    }
  }

  return (
    <>
      <button
        type="button"
        className={styles.toggle}
        aria-pressed={listed}
        aria-label={`Watchlist: ${title}`}
        title={listed ? 'On your watchlist: click to remove it' : 'Save it to watch later'}
        onClick={() => void toggle()}
        disabled={watchlist.busy.has(movie.id)}
        data-testid="watchlist-toggle"
      >
        <svg viewBox="0 0 16 16" aria-hidden="true" className={styles.icon}>
          {listed ? <path d="M3.5 8.5l3 3 6-7" /> : <path d="M8 3.5v9M3.5 8h9" />}
        </svg>
        {listed ? 'On watchlist' : 'Watchlist'}
      </button>
      {error !== null && (
        <p className={styles.error} role="alert">
          {error}
        </p>
      )}
    </>
  );
}
