'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import type { MovieDetailsResponse, MovieForMeResponse, SimilarMovie } from '@marquee/contracts';
import { useNotInterestedActions } from '../hooks/useNotInterested';
import { useRatings } from '../hooks/useRatings';
import { useRatingSaver } from '../hooks/useRatingSaver';
import { useWatchlist } from '../hooks/useWatchlist';
import { api } from '../lib/api-client';
import { MODEL_PENDING_RETRY_MS } from '../lib/constants';
import { displayTitle, filmPath, yearLabel } from '../lib/movie-display';
import { queryKeys } from '../lib/queries';
import { ClearRatingButton } from './ClearRatingButton';
import { GenreChips } from './GenreChips';
import { PageMain } from './PageMain';
import { Poster } from './Poster';
import { RatingStatus } from './RatingStatus';
import { StarRating } from './StarRating';
import { WatchlistToggle } from './WatchlistToggle';
import styles from './FilmView.module.css';

/** The film's details stay fresh this long after the server read them for the page. */
const DETAILS_STALE_MS = 30_000;

/** A film's page: the film, the user's rating and watchlist, and what the model says about it. */
export function FilmView({ initial }: { initial: MovieDetailsResponse }) {
  const movieId = initial.movie.id;
  const details = useQuery({
    queryKey: queryKeys.movie(movieId),
    queryFn: () => api.getMovie(movieId),
    initialData: initial,
    staleTime: DETAILS_STALE_MS,
  }).data;
  const { movie } = details;
  const title = displayTitle(movie.title);
  const { query: saved, ratings } = useRatings();
  // Once the ratings list is read it is the one source (it follows every write on this page);
  // until then, the rating the server read with the page.
  const current = saved.data ? (ratings.get(movieId) ?? null) : details.rating;
  const saver = useRatingSaver(movie, current);
  const watchlist = useWatchlist();

  return (
    <PageMain>
      <article
        className={styles.film}
        aria-labelledby="film-title"
        data-testid="film-page"
        data-movie-id={movieId}
        data-rated={saver.value !== null}
      >
        <div className={styles.poster}>
          <Poster movie={movie} />
        </div>
        <div className={styles.details}>
          <h1 id="film-title" className={styles.title} data-testid="film-title">
            {title}
          </h1>
          <p className={styles.year}>{yearLabel(movie)}</p>
          <GenreChips genres={movie.genres} />

          <section className={styles.block} aria-labelledby="film-rating-heading">
            <h2 id="film-rating-heading" className={styles.blockTitle}>
              Your rating
            </h2>
            <StarRating title={title} value={saver.value} onChange={saver.change} />
            <div className={styles.ratingFooter}>
              <RatingStatus status={saver.status} value={saver.value} onRetry={saver.retry} />
              {saver.value !== null && (
                <ClearRatingButton
                  title={title}
                  onClear={() => saver.change(null)}
                  className={styles.textButton}
                />
              )}
            </div>
          </section>

          <div className={styles.block}>
            <WatchlistToggle movie={movie} watchlist={watchlist} />
            {details.list === 'not-interested' && <HiddenNote movieId={movieId} title={title} />}
          </div>

          <ForMe movieId={movieId} />
        </div>
      </article>
      <SimilarFilms movieId={movieId} />
    </PageMain>
  );
}

function HiddenNote({ movieId, title }: { movieId: number; title: string }) {
  const { undo } = useNotInterestedActions();
  return (
    <p className={styles.note} data-testid="film-hidden-note">
      You marked {title} “not interested”: it is not recommended to you.{' '}
      <button
        type="button"
        className={styles.textButton}
        onClick={() => void undo(movieId).catch(() => undefined)}
      >
        Show it again
      </button>
    </p>
  );
}

/** The model's word on a film for this user; asked again while no model is ready. */
function useForMe(movieId: number) {
  return useQuery({
    queryKey: queryKeys.movieForMe(movieId),
    queryFn: () => api.getMovieForMe(movieId),
    refetchInterval: (q) =>
      q.state.data?.status === 'unavailable' && q.state.data.reason === 'NO_MODEL'
        ? MODEL_PENDING_RETRY_MS
        : false,
  });
}

const NOT_AVAILABLE = 'Not available yet';

function ForMe({ movieId }: { movieId: number }) {
  const forMe = useForMe(movieId);
  const answer: MovieForMeResponse | undefined = forMe.data;
  let text: string;
  let state: 'loading' | 'ready' | 'unavailable';
  if (forMe.isPending) {
    text = 'Asking the model…';
    state = 'loading';
  } else if (answer?.status === 'ready' && answer.predictedRating !== null) {
    text = `${answer.predictedRating.toFixed(1)} ★`;
    state = 'ready';
  } else {
    text = NOT_AVAILABLE;
    state = 'unavailable';
  }
  return (
    <section
      className={styles.block}
      aria-labelledby="film-predicted-heading"
      aria-busy={forMe.isPending}
    >
      <h2 id="film-predicted-heading" className={styles.blockTitle}>
        The model’s guess of your rating
      </h2>
      <p className={styles.predicted} data-testid="film-predicted-rating" data-state={state}>
        {state === 'ready' && <span className="visually-hidden">Predicted rating </span>}
        {text}
        {state === 'ready' && <span className="visually-hidden"> out of 5</span>}
      </p>
      {answer?.status === 'unavailable' && (
        <p className={styles.note} data-testid="for-me-unavailable" data-reason={answer.reason}>
          {answer.message}
        </p>
      )}
      {forMe.isError && (
        <p className={styles.note} data-testid="for-me-unavailable">
          The recommender could not be asked. Try again shortly.
        </p>
      )}
    </section>
  );
}

function SimilarFilms({ movieId }: { movieId: number }) {
  const forMe = useForMe(movieId);
  const similar: SimilarMovie[] | null = forMe.data?.status === 'ready' ? forMe.data.similar : null;
  return (
    <section
      className={styles.similar}
      aria-labelledby="similar-heading"
      data-testid="similar-films"
      data-state={forMe.isPending ? 'loading' : similar === null ? 'unavailable' : 'ready'}
    >
      <h2 id="similar-heading" className={styles.similarTitle}>
        Similar films
      </h2>
      <p className={styles.lede}>Films that people who liked this one tend to like too.</p>
      {forMe.isPending ? (
        <p className={styles.note}>Asking the model…</p>
      ) : similar === null ? (
        <p className={styles.note} data-testid="similar-unavailable">
          {NOT_AVAILABLE}
        </p>
      ) : similar.length === 0 ? (
        <p className={styles.note} data-testid="similar-empty">
          The model knows no film like this one yet.
        </p>
      ) : (
        <ul className={styles.similarList}>
          {similar.map(({ movie }) => (
            <li key={movie.id} className={styles.similarItem} data-testid="similar-film">
              <Link href={filmPath(movie.id)} className={styles.similarLink}>
                <Poster movie={movie} compact />
                <span className={styles.similarName}>{displayTitle(movie.title)}</span>
                <span className={styles.similarYear}>{yearLabel(movie)}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
