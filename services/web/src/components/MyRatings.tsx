'use client';

import { useState } from 'react';
import type { Movie, RatedMovie } from '@marquee/contracts';
import { usePendingWrites } from '../hooks/usePendingWrites';
import { useRatings } from '../hooks/useRatings';
import { api } from '../lib/api-client';
import { errorMessage } from '../lib/queries';
import { MovieRow } from './MovieRow';
import { RetryButton } from './RetryButton';
import page from './ListPage.module.css';
import styles from './MyRatings.module.css';

interface MyRatingsProps {
  /** Called after the profile was reset on the server. */
  onReset: () => void;
}

/**
 * The user's ratings, editable, and "start over". Movies rated but not saved yet (the gateway was
 * unreachable) are listed first, marked as waiting, even while the saved list cannot load; a
 * rating the gateway takes joins the saved list (the page's write sync puts it there).
 */
export function MyRatings({ onReset }: MyRatingsProps) {
  const { queue, snapshot } = usePendingWrites();
  const { query: list, ratings } = useRatings();
  const [reset, setReset] = useState<
    { kind: 'idle' } | { kind: 'confirm' } | { kind: 'busy' } | { kind: 'error'; message: string }
  >({ kind: 'idle' });

  const listed: RatedMovie[] = list.data?.ratings ?? [];
  const listedIds = new Set(listed.map((r) => r.movie.id));
  const waiting = new Map<number, Movie>();
  for (const { write } of snapshot.entries) {
    if (write.kind === 'rate' && !listedIds.has(write.movie.id))
      waiting.set(write.movie.id, write.movie);
  }
  const rows: { movie: Movie; rating: number | null }[] = [
    ...[...waiting.values()].map((movie) => ({ movie, rating: ratings.get(movie.id) ?? null })),
    ...listed.map(({ movie, rating }) => ({
      movie,
      rating: ratings.has(movie.id) ? (ratings.get(movie.id) ?? null) : rating,
    })),
  ];

  async function startOver() {
    setReset({ kind: 'busy' });
    try {
      await queue.resetWith(() => api.resetProfile());
      setReset({ kind: 'idle' });
      onReset();
    } catch (err) {
      setReset({
        kind: 'error',
        message: err instanceof Error ? err.message : 'Could not start over.',
      });
    }
  }

  const count = [...ratings.values()].length;
  return (
    <section className={page.section} aria-labelledby="my-ratings-heading">
      <div className={styles.heading}>
        <div>
          <h2 id="my-ratings-heading" className={page.title}>
            My ratings
          </h2>
          <p className={page.lede}>
            Change a rating with the stars, or remove it. Every rating counts toward your
            recommendations and the next model.
          </p>
        </div>
      </div>

      {list.isPending && (
        <p className={page.message} aria-busy="true">
          Loading your ratings…
        </p>
      )}
      {list.isError && !list.isFetching && (
        <div className={page.error} role="alert">
          <p>{errorMessage(list.error, 'Could not load your ratings.')}</p>
          <RetryButton onRetry={() => void list.refetch()} />
        </div>
      )}
      {list.isSuccess && rows.length === 0 && (
        <p className={page.message} data-testid="my-ratings-empty">
          You have not rated any film yet. Rate films on the “Rate films” page or find them with
          search.
        </p>
      )}
      {!list.isPending && rows.length > 0 && (
        <ul className={page.list} data-testid="my-ratings-list">
          {rows.map(({ movie, rating }) => (
            <MovieRow key={movie.id} movie={movie} rating={rating} removable testId="my-rating" />
          ))}
        </ul>
      )}

      <div className={styles.reset}>
        <h3 className={styles.resetTitle}>Start over</h3>
        <p className={page.message}>
          Deletes your {count === 1 ? 'rating' : `${count} ratings`} and skipped films from Marquee
          and gives this browser a new, empty anonymous profile.
        </p>
        {reset.kind === 'confirm' || reset.kind === 'busy' ? (
          <div className={styles.confirm} role="group" aria-label="Confirm starting over">
            <button
              type="button"
              className={`button ${styles.danger}`}
              onClick={() => void startOver()}
              disabled={reset.kind === 'busy'}
              data-testid="confirm-reset-button"
            >
              {reset.kind === 'busy' ? 'Deleting…' : 'Delete my ratings and start over'}
            </button>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => setReset({ kind: 'idle' })}
              disabled={reset.kind === 'busy'}
            >
              Cancel
            </button>
          </div>
        ) : (
          <button
            type="button"
            className="button button-secondary"
            onClick={() => setReset({ kind: 'confirm' })}
            data-testid="reset-button"
          >
            Start over…
          </button>
        )}
        {reset.kind === 'error' && (
          <p className={styles.errorText} role="alert">
            {reset.message}
          </p>
        )}
      </div>
    </section>
  );
}
