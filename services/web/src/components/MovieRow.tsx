'use client';

import type { Movie } from '@marquee/contracts';
import { useRatingSaver } from '../hooks/useRatingSaver';
import { displayTitle } from '../lib/movie-display';
import { Poster } from './Poster';
import { RowFilmDetails } from './RowFilmDetails';
import { RatingStatus } from './RatingStatus';
import { StarRating } from './StarRating';
import styles from './MovieRow.module.css';

interface MovieRowProps {
  movie: Movie;
  rating: number | null;
  /** Shows a "Remove" button while the movie is rated (My ratings). */
  removable?: boolean;
  testId?: string;
}

/** A movie on one line (search results, my ratings): small poster, details, stars. */
export function MovieRow({ movie, rating, removable, testId }: MovieRowProps) {
  const title = displayTitle(movie.title);
  const saver = useRatingSaver(movie, rating);
  const headingId = `${testId ?? 'row'}-${movie.id}-title`;
  return (
    <li className={styles.item}>
      <article
        className={styles.row}
        aria-labelledby={headingId}
        data-testid={testId}
        data-movie-id={movie.id}
        data-rated={saver.value !== null}
      >
        <div className={styles.poster}>
          <Poster movie={movie} compact />
        </div>
        <RowFilmDetails movie={movie} headingId={headingId} />
        <div className={styles.rating}>
          <StarRating title={title} value={saver.value} onChange={saver.change} />
          <div className={styles.footer}>
            <RatingStatus status={saver.status} value={saver.value} onRetry={saver.retry} />
            {removable && saver.value !== null && (
              <button
                type="button"
                className={styles.remove}
                onClick={() => saver.change(null)}
                aria-label={`Remove rating of ${title}`}
                data-testid="remove-rating-button"
              >
                Remove
              </button>
            )}
          </div>
        </div>
      </article>
    </li>
  );
}
