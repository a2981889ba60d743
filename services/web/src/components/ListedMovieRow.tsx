'use client';

import { useState } from 'react';
import type { Movie } from '@marquee/contracts';
import { displayTitle } from '../lib/movie-display';
import { Poster } from './Poster';
import { RowFilmDetails } from './RowFilmDetails';
import styles from './ListedMovieRow.module.css';

export interface RowAction {
  /** The button's text ("Remove"). */
  label: string;
  /** The button's accessible name, given the movie's title. */
  ariaLabel: (title: string) => string;
  testId: string;
  /** Shown when `run` rejects without a message. */
  failure: string;
  run: () => Promise<void>;
}

/**
 * A movie on one of the user's lists (watchlist, not interested): poster, details and one
 * action, whose failure is shown on the row.
 */
export function ListedMovieRow({
  movie,
  testId,
  action,
  disabled = false,
}: {
  movie: Movie;
  testId: string;
  action: RowAction;
  disabled?: boolean;
}) {
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const title = displayTitle(movie.title);
  const headingId = `${testId}-${movie.id}-title`;
  async function run() {
    setRunning(true);
    setError(null);
    try {
      await action.run();
    } catch (err) {
      setError(err instanceof Error && err.message ? err.message : action.failure);
    } finally {
      setRunning(false);
    }
  }
  return (
    <li className={styles.item}>
      <article
        className={styles.row}
        aria-labelledby={headingId}
        data-testid={testId}
        data-movie-id={movie.id}
      >
        <div className={styles.poster}>
          <Poster movie={movie} compact />
        </div>
        <RowFilmDetails movie={movie} headingId={headingId}>
          {error !== null && (
            <p className={styles.rowError} role="alert">
              {error}
            </p>
          )}
        </RowFilmDetails>
        <button
          type="button"
          className={styles.remove}
          onClick={() => void run()}
          disabled={disabled || running}
          aria-label={action.ariaLabel(title)}
          data-testid={action.testId}
        >
          {action.label}
        </button>
      </article>
    </li>
  );
}
