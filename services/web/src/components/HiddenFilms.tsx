'use client';

import { useEffect, useState } from 'react';
import type { Movie, NotInterestedItem } from '@marquee/contracts';
import { api } from '../lib/api-client';
import { displayTitle, yearLabel } from '../lib/movie-display';
import { GenreChips } from './GenreChips';
import { Poster } from './Poster';
import { RetryButton } from './RetryButton';
import styles from './WatchlistView.module.css';

type HiddenLoad = { kind: 'loading' } | { kind: 'ready' } | { kind: 'error'; message: string };

const messageOf = (err: unknown, fallback: string) =>
  err instanceof Error && err.message ? err.message : fallback;

/**
 * The films the user marked "not interested", read when the tab opens, each with "Show again"
 * (the mark undone: the film may be recommended again).
 */
export function HiddenFilms() {
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
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const title = displayTitle(movie.title);
  const headingId = `hidden-${movie.id}-title`;
  async function showAgain() {
    setBusy(true);
    setError(null);
    try {
      await api.undoNotInterested(movie.id);
      onShown(movie.id);
    } catch (err) {
      setError(messageOf(err, 'Could not show it again.'));
      setBusy(false);
    }
  }
  return (
    <li className={styles.item}>
      <article
        className={styles.row}
        aria-labelledby={headingId}
        data-testid="hidden-film"
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
          onClick={() => void showAgain()}
          disabled={busy}
          aria-label={`Show ${title} in your recommendations again`}
          data-testid="show-again-button"
        >
          Show again
        </button>
      </article>
    </li>
  );
}
