'use client';

import { useState } from 'react';
import type { Movie } from '@marquee/contracts';
import type { Watchlist } from '../hooks/useWatchlist';
import { displayTitle, yearLabel } from '../lib/movie-display';
import { GenreChips } from './GenreChips';
import { Poster } from './Poster';
import { RetryButton } from './RetryButton';
import styles from './WatchlistView.module.css';

/** The Watchlist tab: films saved for later, newest first, each removable. */
export function WatchlistView({ watchlist }: { watchlist: Watchlist }) {
  const { load, items } = watchlist;
  return (
    <section className={styles.section} aria-labelledby="watchlist-heading">
      <div>
        <h2 id="watchlist-heading" className={styles.title}>
          Watchlist
        </h2>
        <p className={styles.lede}>
          Films you saved to watch later. They are not recommended while they are here; rate one
          once you have seen it and it leaves the list.
        </p>
      </div>
      {load.kind === 'loading' && (
        <p className={styles.message} aria-busy="true">
          Loading your watchlist…
        </p>
      )}
      {load.kind === 'error' && (
        <div className={styles.error} role="alert">
          <p>{load.message}</p>
          <RetryButton onRetry={watchlist.reload} />
        </div>
      )}
      {load.kind === 'ready' && items.length === 0 && (
        <p className={styles.message} data-testid="watchlist-empty">
          Your watchlist is empty. Save a recommended film with its “Watchlist” button.
        </p>
      )}
      {items.length > 0 && (
        <ul className={styles.list} data-testid="watchlist">
          {items.map(({ movie }) => (
            <WatchlistRow key={movie.id} movie={movie} watchlist={watchlist} />
          ))}
        </ul>
      )}
    </section>
  );
}

function WatchlistRow({ movie, watchlist }: { movie: Movie; watchlist: Watchlist }) {
  const [error, setError] = useState<string | null>(null);
  const title = displayTitle(movie.title);
  const headingId = `watchlist-${movie.id}-title`;
  async function remove() {
    setError(null);
    try {
      await watchlist.remove(movie.id);
    } catch (err) {
      setError(err instanceof Error ? err.message : 'Could not remove it.');
    }
  }
  return (
    <li className={styles.item}>
      <article
        className={styles.row}
        aria-labelledby={headingId}
        data-testid="watchlist-item"
        data-movie-id={movie.id}
      >
        <div className={styles.poster}>
          <Poster movie={movie} compact />
        </div>
        <div className={styles.details}>
          <h3 id={headingId} className={styles.rowTitle}>
            {title}
          </h3>
          <p className={styles.year}>{yearLabel(movie)}</p>
          <GenreChips genres={movie.genres} />
          {error !== null && (
            <p className={styles.rowError} role="alert">
              {error}
            </p>
          )}
        </div>
        <button
          type="button"
          className={styles.remove}
          onClick={() => void remove()}
          disabled={watchlist.busy.has(movie.id)}
          aria-label={`Remove ${title} from your watchlist`}
          data-testid="watchlist-remove-button"
        >
          Remove
        </button>
      </article>
    </li>
  );
}
