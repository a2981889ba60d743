'use client';

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Movie } from '@marquee/contracts';
import { useModelTraining } from '../hooks/useModelTraining';
import { usePendingWrites } from '../hooks/usePendingWrites';
import { useRecommendations } from '../hooks/useRecommendations';
import { useWatchlist } from '../hooks/useWatchlist';
import { api } from '../lib/api-client';
import { SAMPLE_SIZE } from '../lib/constants';
import { displayTitle } from '../lib/movie-display';
import { withPendingRatings } from '../lib/pending-summary';
import { isDeferred, type PendingWritesSnapshot } from '../lib/pending-writes';
import { MovieCard } from './MovieCard';
import { MovieSearch } from './MovieSearch';
import { MyRatings } from './MyRatings';
import { PendingWritesStatus } from './PendingWritesStatus';
import { type View, ViewTabs } from './ViewTabs';
import { RatingProgress } from './RatingProgress';
import { Recommendations } from './Recommendations';
import { WatchlistView } from './WatchlistView';
import { HiddenMovies } from './HiddenMovies';
import { ImportExport } from './ImportExport';
import { RetryButton } from './RetryButton';
import { SkeletonCard } from './SkeletonCard';
import styles from './MarqueeApp.module.css';

type InitialLoad = { kind: 'loading' } | { kind: 'ready' } | { kind: 'error'; message: string };

const LOAD_MORE_SKELETONS = 4;

function errorMessage(err: unknown, fallback: string): string {
  return err instanceof Error && err.message ? err.message : fallback;
}

/** Movies rated on this device but not saved yet: shown first, so the user sees their work. */
function pendingRatedMovies(snapshot: PendingWritesSnapshot): Movie[] {
  const movies = new Map<number, Movie>();
  for (const { write } of snapshot.entries) {
    if (write.kind === 'rate') movies.set(write.movie.id, write.movie);
  }
  return [...movies.values()];
}

/** The interactive page: the movie grid, the rating progress and the recommendations. */
export function MarqueeApp() {
  const [movies, setMovies] = useState<Movie[]>([]);
  /** The ratings the gateway has. */
  const [savedRatings, setSavedRatings] = useState<ReadonlyMap<number, number>>(() => new Map());
  const pending = usePendingWrites();
  const { queue } = pending;
  /** The ratings as the user made them: the gateway's plus the writes still on their way. */
  const ratings = useMemo(
    () => withPendingRatings(savedRatings, pending.snapshot.entries),
    [savedRatings, pending.snapshot.entries],
  );
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
  const [initial, setInitial] = useState<InitialLoad>({ kind: 'loading' });
  const [loadAttempt, setLoadAttempt] = useState(0);
  const [more, setMore] = useState<{ busy: boolean; message: string | null }>({
    busy: false,
    message: null,
  });
  const [focusMovieId, setFocusMovieId] = useState<number | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const recommendations = useRecommendations();
  const watchlist = useWatchlist();
  const { forget: forgetListed, reload: reloadWatchlist } = watchlist;
  const training = useModelTraining(recommendations.state.kind === 'waiting');
  const recommendationsRef = useRef<HTMLDivElement>(null);
  const [view, setView] = useState<View>('rate');
  const [myRatingsOpenedAt, setMyRatingsOpenedAt] = useState(0);

  // Sends what an earlier visit left waiting, and retries when the browser is back online.
  useEffect(() => queue.start(window), [queue]);

  // What the gateway took: ratings join the saved ones, a skipped movie gives way to another.
  useEffect(
    () =>
      queue.onSent((write, response) => {
        if (write.kind === 'rate' || write.kind === 'unrate') {
          // The gateway takes a rated movie off the watchlist.
          if (write.kind === 'rate') forgetListed(write.movie.id);
          setSavedRatings((previous) => {
            const next = new Map(previous);
            if (write.kind === 'rate') next.set(write.movie.id, write.rating);
            else next.delete(write.movie.id);
            return next;
          });
          return;
        }
        const replacement = response?.replacement ?? null;
        setMovies((previous) => {
          const index = previous.findIndex((m) => m.id === write.movie.id);
          if (index < 0) return previous;
          const next = [...previous];
          if (replacement && !previous.some((m) => m.id === replacement.id)) {
            next[index] = replacement;
          } else {
            next.splice(index, 1);
          }
          return next;
        });
      }),
    [queue, forgetListed],
  );

  useEffect(() => {
    let active = true;
    Promise.all([api.getMovieSample(SAMPLE_SIZE), api.getRatings()]).then(
      ([sample, rated]) => {
        if (!active) return;
        const waiting = pendingRatedMovies(queue.getSnapshot());
        const waitingIds = new Set(waiting.map((m) => m.id));
        setMovies([...waiting, ...sample.movies.filter((m) => !waitingIds.has(m.id))]);
        setSavedRatings(new Map(rated.ratings.map((r) => [r.movie.id, r.rating])));
        setInitial({ kind: 'ready' });
      },
      (err: unknown) => {
        if (active)
          setInitial({ kind: 'error', message: errorMessage(err, 'Could not load films.') });
      },
    );
    return () => {
      active = false;
    };
  }, [loadAttempt, queue]);

  const retryInitial = () => {
    setInitial({ kind: 'loading' });
    setLoadAttempt((n) => n + 1);
  };

  /**
   * Queues the skip. Resolves once the gateway took it (the onSent handler above has put another
   * movie in its place) or once it is kept for later (the card is hidden meanwhile); rejects with
   * the gateway's refusal.
   */
  const handleSkip = useCallback(
    (movie: Movie) =>
      new Promise<void>((resolve, reject) => {
        const title = displayTitle(movie.title);
        let deferred = false;
        const id = queue.enqueue({ kind: 'skip', movie }, (outcome) => {
          if (outcome.kind === 'deferred') {
            deferred = true;
            setAnnouncement(`Skipped ${title}. It will be saved when Marquee answers again.`);
          } else if (outcome.kind === 'sent' && !deferred) {
            const replacement = outcome.response?.replacement ?? null;
            setFocusMovieId(replacement?.id ?? null);
            setAnnouncement(
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
    [queue],
  );

  async function loadMore() {
    setMore({ busy: true, message: null });
    try {
      const { movies: sample } = await api.getMovieSample(SAMPLE_SIZE);
      let added = 0;
      setMovies((previous) => {
        const shown = new Set(previous.map((m) => m.id));
        const fresh = sample.filter((m) => !shown.has(m.id));
        added = fresh.length;
        return [...previous, ...fresh];
      });
      setMore({ busy: false, message: added === 0 ? 'No new films this time. Try again.' : null });
      if (added > 0) setAnnouncement(`Loaded ${added} more films.`);
    } catch (err) {
      setMore({ busy: false, message: errorMessage(err, 'Could not load more films.') });
    }
  }

  const shownMovies = skipsWaiting.size ? movies.filter((m) => !skipsWaiting.has(m.id)) : movies;

  function showView(next: View) {
    if (next === 'ratings') setMyRatingsOpenedAt(Date.now());
    setView(next);
  }

  function handleReset() {
    setSavedRatings(new Map());
    recommendations.reset();
    reloadWatchlist(); // the new profile's: empty
    setMore({ busy: false, message: null });
    setInitial({ kind: 'loading' });
    setLoadAttempt((n) => n + 1);
    setAnnouncement('Your ratings were deleted. You are starting over with a new profile.');
    setView('rate');
    window.scrollTo({ top: 0 });
  }

  /** An import wrote ratings and lists: everything shown is read again. */
  function handleImported() {
    api.getRatings().then(
      (rated) => setSavedRatings(new Map(rated.ratings.map((r) => [r.movie.id, r.rating]))),
      () => {}, // the counts stay as they were; the next load corrects them
    );
    reloadWatchlist();
    setMyRatingsOpenedAt(Date.now());
    if (recommendations.state.kind !== 'idle') void recommendations.load();
    setAnnouncement('Your import was saved.');
  }

  function getRecommendations() {
    setView('rate');
    void recommendations.load();
    requestAnimationFrame(() =>
      recommendationsRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' }),
    );
  }

  return (
    <>
      <RatingProgress
        ratedCount={ratings.size}
        loading={initial.kind === 'loading'}
        busy={recommendations.state.kind === 'loading'}
        onGetRecommendations={getRecommendations}
      />
      <main className={styles.main}>
        <ViewTabs
          view={view}
          ratedCount={ratings.size}
          watchlistCount={watchlist.items.length}
          onChange={showView}
        />

        <div
          id="panel-rate"
          role="tabpanel"
          aria-labelledby="tab-rate"
          hidden={view !== 'rate'}
          className={styles.panel}
        >
          <div ref={recommendationsRef} className={styles.recommendationsAnchor}>
            {recommendations.state.kind !== 'idle' && (
              <Recommendations
                state={recommendations.state}
                training={training}
                ratings={ratings}
                onLoad={() => void recommendations.load()}
                watchlist={watchlist}
                filter={recommendations.filter}
                onFilterChange={recommendations.setFilter}
                announce={setAnnouncement}
              />
            )}
          </div>

          <section className={styles.movies} aria-labelledby="films-heading">
            <div className={styles.moviesHeading}>
              <h2 id="films-heading" className={styles.title}>
                Rate films you have seen
              </h2>
              <p className={styles.hint}>
                Click the left half of a star for half a star, or use the arrow keys. Not seen it?
                Skip it and another film takes its place.
              </p>
            </div>

            {initial.kind === 'error' ? (
              <div className={styles.error} role="alert" data-testid="films-error">
                <div>
                  <p className={styles.errorTitle}>Could not load films</p>
                  <p className={styles.errorText}>{initial.message}</p>
                </div>
                <RetryButton onRetry={retryInitial} />
              </div>
            ) : (
              <ul
                className={styles.grid}
                aria-busy={initial.kind === 'loading' || more.busy}
                data-testid="movie-grid"
              >
                {initial.kind === 'loading'
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

            {initial.kind === 'ready' && shownMovies.length === 0 && !more.busy && (
              <p className={styles.empty}>No films left here. Load more to keep rating.</p>
            )}

            {initial.kind === 'ready' && (
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
        </div>

        <div
          id="panel-search"
          role="tabpanel"
          aria-labelledby="tab-search"
          hidden={view !== 'search'}
          className={styles.panel}
        >
          <MovieSearch ratings={ratings} />
        </div>

        <div
          id="panel-ratings"
          role="tabpanel"
          aria-labelledby="tab-ratings"
          hidden={view !== 'ratings'}
          className={styles.panel}
        >
          {view === 'ratings' && (
            <>
              <ImportExport onImported={handleImported} />
              <MyRatings openedAt={myRatingsOpenedAt} ratings={ratings} onReset={handleReset} />
            </>
          )}
        </div>
        <div
          id="panel-watchlist"
          role="tabpanel"
          aria-labelledby="tab-watchlist"
          hidden={view !== 'watchlist'}
          className={styles.panel}
        >
          {view === 'watchlist' && (
            <>
              <WatchlistView watchlist={watchlist} />
              <HiddenMovies />
            </>
          )}
        </div>
        <p className="visually-hidden" aria-live="polite">
          {announcement}
        </p>
      </main>
      <PendingWritesStatus />
    </>
  );
}
