'use client';

import { useEffect, useState } from 'react';
import type { Movie, NotInterestedItem } from '@marquee/contracts';
import { api } from '../lib/api-client';
import { ListedMovieRow } from './ListedMovieRow';
import { RetryButton } from './RetryButton';
import styles from './WatchlistView.module.css';

type HiddenLoad = { kind: 'loading' } | { kind: 'ready' } | { kind: 'error'; message: string };

const messageOf = (err: unknown, fallback: string) =>
  err instanceof Error && err.message ? err.message : fallback;

/**
 * The movies the user marked "not interested", read when the tab opens, each with "Show again"
 * (the mark undone: the movie may be recommended again).
 */
export function HiddenMovies() {
  const [items, setItems] = useState<NotInterestedItem[]>([]);
  const [load, setLoad] = useState<HiddenLoad>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let active = true;
    setLoad({ kind: 'loading' });
    api.getNotInterested().then(
      (list) => {
        if (!active) return;
        setItems(list.items);
        setLoad({ kind: 'ready' });
      },
      (err: unknown) => {
        if (active) setLoad({ kind: 'error', message: messageOf(err, 'Could not load them.') });
      },
    );
    return () => {
      active = false;
    };
  }, [attempt]);

  const shown = (movieId: number) => setItems((list) => list.filter((i) => i.movie.id !== movieId));

  return (
    <section className={styles.section} aria-labelledby="hidden-heading" data-testid="hidden-films">
      <div>
        <h2 id="hidden-heading" className={styles.title}>
          Not interested
        </h2>
        <p className={styles.lede}>
          Films you hid from your recommendations. Show one again and it may be picked for you.
        </p>
      </div>
      {load.kind === 'loading' && (
        <p className={styles.message} aria-busy="true">
          Loading the films you hid…
        </p>
      )}
      {load.kind === 'error' && (
        <div className={styles.error} role="alert">
          <p>{load.message}</p>
          <RetryButton onRetry={() => setAttempt((n) => n + 1)} />
        </div>
      )}
      {load.kind === 'ready' && items.length === 0 && (
        <p className={styles.message} data-testid="hidden-films-empty">
          You have not hidden any film.
        </p>
      )}
      {items.length > 0 && (
        <ul className={styles.list}>
          {items.map(({ movie }) => (
            <HiddenRow key={movie.id} movie={movie} onShown={shown} />
          ))}
        </ul>
      )}
    </section>
  );
}

function HiddenRow({ movie, onShown }: { movie: Movie; onShown: (movieId: number) => void }) {
  return (
    <ListedMovieRow
      movie={movie}
      testId="hidden-film"
      action={{
        label: 'Show again',
        ariaLabel: (title) => `Show ${title} in your recommendations again`,
        testId: 'show-again-button',
        failure: 'Could not show it again.',
        run: async () => {
          await api.undoNotInterested(movie.id);
          onShown(movie.id);
        },
      }}
    />
  );
}
