'use client';

import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import type { Movie } from '@marquee/contracts';
import type { Watchlist } from '../hooks/useWatchlist';
import { useRatingSaver } from '../hooks/useRatingSaver';
import { displayTitle, filmPath, yearLabel } from '../lib/movie-display';
import { ClearRatingButton } from './ClearRatingButton';
import { GenreChips } from './GenreChips';
import { Poster } from './Poster';
import { RatingStatus } from './RatingStatus';
import { StarRating } from './StarRating';
import { WatchlistToggle } from './WatchlistToggle';
import styles from './MovieCard.module.css';

interface MovieCardProps {
  movie: Movie;
  rating: number | null;
  /** Move keyboard focus here when the card appears (it replaced a skipped movie). */
  focusOnMount: boolean;
  /**
   * Resolves when the skip is done (the card is replaced) or kept for later (the card is
   * hidden), rejects with a message.
   */
  onSkip: (movie: Movie) => Promise<void>;
  /** "Not seen it, but want to": the watchlist toggle (for movies not rated yet). */
  watchlist: Watchlist;
}

export function MovieCard({ movie, rating, focusOnMount, onSkip, watchlist }: MovieCardProps) {
  const title = displayTitle(movie.title);
  const saver = useRatingSaver(movie, rating);
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
            <Link href={filmPath(movie.id)} className="title-link">
              {title}
            </Link>
          </h3>
          <p className={styles.year}>{yearLabel(movie)}</p>
          <GenreChips genres={movie.genres} />
          <div className={styles.ratingRow}>
            <StarRating title={title} value={saver.value} onChange={saver.change} />
          </div>
          <div className={styles.footer}>
            <RatingStatus status={saver.status} value={saver.value} onRetry={saver.retry} />
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
              <ClearRatingButton
                title={title}
                onClear={() => saver.change(null)}
                className={styles.skip}
              />
            )}
          </div>
          {saver.value === null && (
            <div className={styles.watchlist}>
              <WatchlistToggle movie={movie} watchlist={watchlist} />
            </div>
          )}
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
