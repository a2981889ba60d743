'use client';

import { useCallback, useMemo, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Movie, MovieSampleResponse } from '@marquee/contracts';
import { useAnnouncer } from '../hooks/useAnnouncer';
import { usePendingWrites } from '../hooks/usePendingWrites';
import { useRatings } from '../hooks/useRatings';
import { useWatchlist } from '../hooks/useWatchlist';
import { api } from '../lib/api-client';
import { SAMPLE_SIZE } from '../lib/constants';
import { displayTitle } from '../lib/movie-display';
import { isDeferred, type PendingWritesSnapshot } from '../lib/pending-writes';
import { errorMessage, queryKeys } from '../lib/queries';
import { MovieCard } from './MovieCard';
import { PageMain } from './PageMain';
import { RetryButton } from './RetryButton';
import { SkeletonCard } from './SkeletonCard';
import styles from './RateView.module.css';

const LOAD_MORE_SKELETONS = 4;

/** Movies rated on this device but not saved yet: shown first, so the user sees their work. */
function pendingRatedMovies(snapshot: PendingWritesSnapshot): Movie[] {
  const movies = new Map<number, Movie>();
  for (const { write } of snapshot.entries) {
    if (write.kind === 'rate') movies.set(write.movie.id, write.movie);
  }
  return [...movies.values()];
}

/** The rate page: films to rate, or to skip for another. */
export function RateView() {
  const client = useQueryClient();
  const pending = usePendingWrites();
  const { queue } = pending;
  const { query: saved, ratings } = useRatings();
  const watchlist = useWatchlist();
  const { announce, region } = useAnnouncer();
  // The films offered stay while the user moves around the site: a skip or "Load more" edits
  // this query's data rather than reading a new sample.
  const sample = useQuery({
    queryKey: queryKeys.sample,
    queryFn: async (): Promise<MovieSampleResponse> => {
      const { movies } = await api.getMovieSample(SAMPLE_SIZE);
      const waiting = pendingRatedMovies(queue.getSnapshot());
      const waitingIds = new Set(waiting.map((m) => m.id));
      return { movies: [...waiting, ...movies.filter((m) => !waitingIds.has(m.id))] };
    },
    staleTime: Infinity,
    gcTime: Infinity,
  });
  const [more, setMore] = useState<{ busy: boolean; message: string | null }>({
    busy: false,
    message: null,
  });
  const [focusMovieId, setFocusMovieId] = useState<number | null>(null);

  /** Skipped movies whose skip waits for the gateway: hidden as if it had been saved. */
  const skipsWaiting = useMemo(
    () =>
      new Set(
        pending.snapshot.entries
          .filter((e) => e.write.kind === 'skip' && isDeferred(e, pending.snapshot))
          .map((e) => e.write.movie.id),
      ),
    [pending.snapshot],
  );

  const loading = sample.isPending || saved.isPending;
  const failure = sample.error ?? (saved.data ? null : saved.error);

  /**
   * Queues the skip. Resolves once the gateway took it (the page's write sync has put another
   * movie in its place) or once it is kept for later (the card is hidden meanwhile); rejects
   * with the gateway's refusal.
   */
  const handleSkip = useCallback(
    (movie: Movie) =>
      new Promise<void>((resolve, reject) => {
        const title = displayTitle(movie.title);
        let deferred = false;
        const id = queue.enqueue({ kind: 'skip', movie }, (outcome) => {
          if (outcome.kind === 'deferred') {
            deferred = true;
            announce(`Skipped ${title}. It will be saved when Marquee answers again.`);
          } else if (outcome.kind === 'sent' && !deferred) {
            const replacement = outcome.response?.replacement ?? null;
            setFocusMovieId(replacement?.id ?? null);
            announce(
              replacement
                ? `Skipped ${title}. Showing ${displayTitle(replacement.title)} instead.`
                : `Skipped ${title}.`,
            );
          } else if (outcome.kind === 'failed' && !deferred) {
            queue.dismiss(id); // the card shows the refusal, and the user can skip again
            reject(new Error(outcome.message));
            return;
          }
          resolve();
        });
      }),
    [queue, announce],
  );

  async function loadMore() {
    setMore({ busy: true, message: null });
    try {
      const { movies: fetched } = await api.getMovieSample(SAMPLE_SIZE);
      const shown = new Set((sample.data?.movies ?? []).map((m) => m.id));
      const fresh = fetched.filter((m) => !shown.has(m.id));
      client.setQueryData<MovieSampleResponse>(queryKeys.sample, (previous) => ({
        movies: [...(previous?.movies ?? []), ...fresh],
      }));
      setMore({
        busy: false,
        message: fresh.length === 0 ? 'No new films this time. Try again.' : null,
      });
      if (fresh.length > 0) announce(`Loaded ${fresh.length} more films.`);
    } catch (err) {
      setMore({ busy: false, message: errorMessage(err, 'Could not load more films.') });
    }
  }

  function retry() {
    if (sample.isError) void sample.refetch();
    if (saved.isError) void saved.refetch();
  }

  const movies = sample.data?.movies ?? [];
  const shownMovies = skipsWaiting.size ? movies.filter((m) => !skipsWaiting.has(m.id)) : movies;
  const ready = !loading && failure === null;

  return (
    <PageMain>
      <section className={styles.movies} aria-labelledby="films-heading">
        <div className={styles.moviesHeading}>
          <h1 id="films-heading" className={styles.title}>
            Rate films you have seen
          </h1>
          <p className={styles.hint}>
            Click the left half of a star for half a star, or use the arrow keys. Not seen it? Skip
            it and another film takes its place.
          </p>
        </div>

        {failure !== null && !loading ? (
          <div className={styles.error} role="alert" data-testid="films-error">
            <div>
              <p className={styles.errorTitle}>Could not load films</p>
              <p className={styles.errorText}>{errorMessage(failure, 'Could not load films.')}</p>
            </div>
            <RetryButton onRetry={retry} />
          </div>
        ) : (
          <ul className={styles.grid} aria-busy={loading || more.busy} data-testid="movie-grid">
            {loading
              ? Array.from({ length: SAMPLE_SIZE }, (_, i) => <SkeletonCard key={i} />)
              : shownMovies.map((movie) => (
                  <MovieCard
                    key={movie.id}
                    movie={movie}
                    rating={ratings.get(movie.id) ?? null}
                    focusOnMount={movie.id === focusMovieId}
                    onSkip={handleSkip}
                    watchlist={watchlist}
                  />
                ))}
            {more.busy &&
              Array.from({ length: LOAD_MORE_SKELETONS }, (_, i) => (
                <SkeletonCard key={`more-${i}`} />
              ))}
          </ul>
        )}

        {ready && shownMovies.length === 0 && !more.busy && (
          <p className={styles.empty}>No films left here. Load more to keep rating.</p>
        )}

        {ready && (
          <div className={styles.more}>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => void loadMore()}
              disabled={more.busy}
              data-testid="load-more-button"
            >
              {more.busy ? 'Loading…' : 'Load more films'}
            </button>
            {more.message !== null && (
              <p className={styles.moreMessage} role="status">
                {more.message}
              </p>
            )}
          </div>
        )}
      </section>
      {region}
    </PageMain>
  );
}
