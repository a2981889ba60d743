'use client';

import { useEffect, useRef, useState } from 'react';
import type { Movie } from '@marquee/contracts';
import { useRatingSaver } from '../hooks/useRatingSaver';
import { displayTitle, yearLabel } from '../lib/movie-display';
import { GenreChips } from './GenreChips';
import { Poster } from './Poster';
import { StarRating } from './StarRating';
import styles from './MovieCard.module.css';

interface MovieCardProps {
  movie: Movie;
  rating: number | null;
  /** Move keyboard focus here when the card appears (it replaced a skipped film). */
  focusOnMount: boolean;
  onRatingSaved: (movieId: number, rating: number | null) => void;
  /** Resolves when the skip is done (the card is replaced), rejects with a message. */
  onSkip: (movie: Movie) => Promise<void>;
}

export function MovieCard({ movie, rating, focusOnMount, onRatingSaved, onSkip }: MovieCardProps) {
  const title = displayTitle(movie.title);
  const saver = useRatingSaver(movie.id, rating, onRatingSaved);
  const [skip, setSkip] = useState<{ busy: boolean; error: string | null }>({
    busy: false,
    error: null,
  });
  const cardRef = useRef<HTMLElement>(null);
  const headingId = `movie-${movie.id}-title`;

  useEffect(() => {
    if (focusOnMount) cardRef.current?.focus();
  }, [focusOnMount]);

  async function handleSkip() {
    setSkip({ busy: true, error: null });
    try {
      await onSkip(movie);
    } catch (err) {
      setSkip({ busy: false, error: err instanceof Error ? err.message : 'Could not skip.' });
    }
  }

  return (
    <li className={styles.item}>
      <article
        ref={cardRef}
        tabIndex={-1}
        className={styles.card}
        aria-labelledby={headingId}
        data-testid="movie-card"
        data-movie-id={movie.id}
        data-rated={saver.value !== null}
      >
        <Poster movie={movie} />
        <div className={styles.body}>
          <h3 id={headingId} className={styles.title}>
            {title}
          </h3>
          <p className={styles.year}>{yearLabel(movie)}</p>
          <GenreChips genres={movie.genres} />
          <div className={styles.ratingRow}>
            <StarRating title={title} value={saver.value} onChange={saver.change} />
          </div>
          <div className={styles.footer}>
            <p className={styles.status} aria-live="polite" data-testid="rating-status">
              {saver.status.kind === 'saving' && <span className={styles.saving}>Saving…</span>}
              {saver.status.kind === 'saved' && saver.value !== null && (
                <span className={styles.saved} data-testid="rating-saved">
                  <svg viewBox="0 0 16 16" aria-hidden="true" className={styles.tick}>
                    <path d="M3 8.5l3.2 3L13 4.5" />
                  </svg>
                  Saved
                </span>
              )}
              {saver.status.kind === 'saved' && saver.value === null && (
                <span className={styles.saving}>Rating removed</span>
              )}
              {saver.status.kind === 'error' && (
                <span className={styles.error} role="alert" data-testid="rating-error">
                  {saver.status.message}{' '}
                  <button type="button" className={styles.linkButton} onClick={saver.retry}>
                    Retry
                  </button>
                </span>
              )}
            </p>
            {saver.value === null ? (
              <button
                type="button"
                className={styles.skip}
                onClick={handleSkip}
                disabled={skip.busy}
                data-testid="skip-button"
                aria-label={`Haven't seen it: ${title}`}
              >
                {skip.busy ? 'Skipping…' : "Haven't seen it"}
              </button>
            ) : (
              <button
                type="button"
                className={styles.skip}
                onClick={() => saver.change(null)}
                data-testid="clear-rating-button"
                aria-label={`Clear rating for ${title}`}
              >
                Clear
              </button>
            )}
          </div>
          {skip.error !== null && (
            <p className={styles.error} role="alert">
              {skip.error}
            </p>
          )}
        </div>
      </article>
    </li>
  );
}
