'use client';

import { useEffect, useRef, useState } from 'react';
import Link from 'next/link';
import type {
  Genre,
  Recommendation,
  RecommendationFilter,
  RecommendationReason,
} from '@marquee/contracts';
import type { ModelTraining } from '../hooks/useModelTraining';
import { useNotInterestedActions } from '../hooks/useNotInterested';
import { usePendingWrites } from '../hooks/usePendingWrites';
import { useRatingSaver } from '../hooks/useRatingSaver';
import type { RecommendationsState } from '../hooks/useRecommendations';
import type { Watchlist } from '../hooks/useWatchlist';
import { DECADES, GENRES, RECOMMENDATION_COUNT } from '../lib/constants';
import { displayTitle, filmPath, yearLabel } from '../lib/movie-display';
import { sourceNote } from '../lib/recommendation-source';
import { GenreChips } from './GenreChips';
import { ModelTrainingStatus } from './ModelTrainingStatus';
import { Poster } from './Poster';
import { RatingStatus } from './RatingStatus';
import { RetryButton } from './RetryButton';
import { SkeletonCard } from './SkeletonCard';
import { StarRating } from './StarRating';
import { WatchlistToggle } from './WatchlistToggle';
import styles from './Recommendations.module.css';

interface RecommendationsProps {
  state: RecommendationsState;
  training: ModelTraining;
  ratings: ReadonlyMap<number, number>;
  onLoad: () => void;
  watchlist: Watchlist;
  filter: RecommendationFilter;
  onFilterChange: (filter: RecommendationFilter) => void;
  /** Says something to screen readers (the page's live region). */
  announce: (message: string) => void;
}

/** A card the user marked "not interested": saving, then hidden with an Undo, or undoing. */
type Dismissal = { kind: 'saving' } | { kind: 'hidden' } | { kind: 'undoing' };

export function Recommendations({
  state,
  training,
  ratings,
  onLoad,
  watchlist,
  filter,
  onFilterChange,
  announce,
}: RecommendationsProps) {
  const busy = state.kind === 'loading';
  const [dismissed, setDismissed] = useState<ReadonlyMap<number, Dismissal>>(() => new Map());
  const [dismissError, setDismissError] = useState<{ movieId: number; message: string } | null>(
    null,
  );
  const notInterestedActions = useNotInterestedActions();
  const list = state.kind === 'ready' ? state.data : null;
  // A new list starts with nothing hidden: hidden movies are not in it.
  useEffect(() => {
    setDismissed(new Map());
    setDismissError(null);
  }, [list]);

  const setDismissal = (movieId: number, value: Dismissal | null) =>
    setDismissed((previous) => {
      const next = new Map(previous);
      if (value === null) next.delete(movieId);
      else next.set(movieId, value);
      return next;
    });

  async function notInterested(item: Recommendation) {
    const { id } = item.movie;
    const title = displayTitle(item.movie.title);
    setDismissError(null);
    setDismissal(id, { kind: 'saving' });
    try {
      await notInterestedActions.mark(item.movie);
      setDismissal(id, { kind: 'hidden' });
      announce(`${title} hidden: it will not be recommended again. Undo is next to it.`);
    } catch (err) {
      setDismissal(id, null);
      setDismissError({
        movieId: id,
        message: err instanceof Error ? err.message : 'Could not hide it.',
      });
    }
  }

  async function undo(item: Recommendation) {
    const { id } = item.movie;
    setDismissError(null);
    setDismissal(id, { kind: 'undoing' });
    try {
      await notInterestedActions.undo(id);
      setDismissal(id, null);
      announce(`${displayTitle(item.movie.title)} is back in your recommendations.`);
    } catch (err) {
      setDismissal(id, { kind: 'hidden' });
      setDismissError({
        movieId: id,
        message: err instanceof Error ? err.message : 'Could not undo.',
      });
    }
  }

  const filtered = filter.genre !== undefined || filter.decade !== undefined;
  // A gateway from before fallbacks sends no source: its lists always come from the model.
  const source = state.kind === 'ready' ? (state.data.source ?? { kind: 'model' }) : null;
  const note = source && sourceNote(source);
  const popular = source?.kind === 'popular';
  const unsaved = usePendingWrites().snapshot.entries.length > 0;
  return (
    <section
      className={styles.section}
      aria-labelledby="recommendations-heading"
      aria-busy={busy}
      data-testid="recommendations"
      data-state={state.kind}
      data-source={source?.kind}
    >
      <div className={styles.heading}>
        <div>
          <h2 id="recommendations-heading" className={styles.title}>
            Picked for you
          </h2>
          <p className={styles.lede}>
            {popular
              ? 'Films many people have rated, which you have not rated or skipped yet. Rate any you have seen: they count, and Refresh asks the recommender again.'
              : 'Films the model expects you to watch and like; the stars are its guess of your rating. Rate any you have seen: they count, and Refresh draws a new set.'}
          </p>
        </div>
        {(state.kind === 'ready' || state.kind === 'loading') && (
          <button
            type="button"
            className="button button-secondary"
            onClick={onLoad}
            disabled={busy}
            data-testid="refresh-recommendations-button"
          >
            {busy ? 'Loading…' : 'Refresh'}
          </button>
        )}
      </div>

      <RecommendationFilters filter={filter} disabled={busy} onChange={onFilterChange} />

      {state.kind === 'loading' && (
        <ul className={styles.grid} aria-label="Loading recommendations">
          {Array.from({ length: RECOMMENDATION_COUNT }, (_, i) => (
            <SkeletonCard key={i} />
          ))}
        </ul>
      )}

      {state.kind === 'waiting' && (
        <div className={styles.notice} role="status" data-testid="recommendations-waiting">
          <span className={styles.spinner} aria-hidden="true" />
          <div className={styles.noticeBody}>
            <p className={styles.noticeTitle}>{state.message}</p>
            <ModelTrainingStatus training={training} />
            <p className={styles.noticeText}>
              {state.checking
                ? 'Checking again…'
                : unsaved
                  ? 'Ratings waiting to be saved are kept on this device and sent once Marquee answers; this page checks again every few seconds.'
                  : 'Your ratings are saved; this page checks again every few seconds.'}
            </p>
          </div>
        </div>
      )}

      {state.kind === 'error' && (
        <div
          className={`${styles.notice} ${styles.noticeError}`}
          role="alert"
          data-testid="recommendations-error"
        >
          <div>
            <p className={styles.noticeTitle}>Could not load recommendations</p>
            <p className={styles.noticeText}>{state.message}</p>
          </div>
          <RetryButton onRetry={onLoad} />
        </div>
      )}

      {state.kind === 'ready' && (
        <>
          {note !== null && (
            <p
              className={styles.sourceNote}
              role="status"
              data-testid="recommendations-source"
              data-source-kind={source?.kind}
            >
              <svg viewBox="0 0 16 16" aria-hidden="true" className={styles.sourceIcon}>
                <circle cx="8" cy="8" r="6.2" />
                <path d="M8 7.2v4M8 4.8v.1" />
              </svg>
              {note}
            </p>
          )}
          {state.data.items.length === 0 ? (
            <p className={styles.noticeText} data-testid="recommendations-empty">
              {filtered
                ? 'No film of this genre and decade is left to recommend. Try another filter.'
                : 'The model has nothing new to suggest right now. Rate a few more films and refresh.'}
            </p>
          ) : (
            <ol className={styles.grid}>
              {state.data.items.map((item) => {
                const dismissal = dismissed.get(item.movie.id);
                const error = dismissError?.movieId === item.movie.id ? dismissError.message : null;
                return dismissal && dismissal.kind !== 'saving' ? (
                  <HiddenCard
                    key={item.movie.id}
                    item={item}
                    undoing={dismissal.kind === 'undoing'}
                    error={error}
                    onUndo={() => void undo(item)}
                  />
                ) : (
                  <RecommendationCard
                    key={item.movie.id}
                    item={item}
                    rating={ratings.get(item.movie.id) ?? null}
                    stars={popular ? 'average' : 'predicted'}
                    watchlist={watchlist}
                    hiding={dismissal?.kind === 'saving'}
                    error={error}
                    onNotInterested={() => void notInterested(item)}
                  />
                );
              })}
            </ol>
          )}
          {state.data.modelVersion !== null && (
            <p className={styles.model} data-testid="model-version">
              model v{state.data.modelVersion}
            </p>
          )}
        </>
      )}
    </section>
  );
}

const ANY = '';

/** Genre and decade selects: the list is limited to them, chosen from the whole catalogue. */
function RecommendationFilters({
  filter,
  disabled,
  onChange,
}: {
  filter: RecommendationFilter;
  disabled: boolean;
  onChange: (filter: RecommendationFilter) => void;
}) {
  const set = (genre: string, decade: string) =>
    onChange({
      ...(genre !== ANY ? { genre: genre as Genre } : {}),
      ...(decade !== ANY ? { decade: Number(decade) } : {}),
    });
  const genre = filter.genre ?? ANY;
  const decade = filter.decade === undefined ? ANY : String(filter.decade);
  return (
    <div
      className={styles.filters}
      role="group"
      aria-label="Filter recommendations"
      data-testid="recommendation-filters"
    >
      <div className={styles.filter}>
        <label className={styles.filterLabel} htmlFor="recommendations-genre">
          Genre
        </label>
        <select
          id="recommendations-genre"
          className={styles.select}
          value={genre}
          onChange={(e) => set(e.target.value, decade)}
          disabled={disabled}
          data-testid="genre-filter"
        >
          <option value={ANY}>Any genre</option>
          {GENRES.map((g) => (
            <option key={g} value={g}>
              {g}
            </option>
          ))}
        </select>
      </div>
      <div className={styles.filter}>
        <label className={styles.filterLabel} htmlFor="recommendations-decade">
          Decade
        </label>
        <select
          id="recommendations-decade"
          className={styles.select}
          value={decade}
          onChange={(e) => set(genre, e.target.value)}
          disabled={disabled}
          data-testid="decade-filter"
        >
          <option value={ANY}>Any decade</option>
          {DECADES.map((d) => (
            <option key={d} value={String(d)}>
              {d}s
            </option>
          ))}
        </select>
      </div>
      {(genre !== ANY || decade !== ANY) && (
        <button
          type="button"
          className={styles.clearFilters}
          onClick={() => onChange({})}
          disabled={disabled}
          data-testid="clear-filters-button"
        >
          Clear filters
        </button>
      )}
    </div>
  );
}

/** In place of a card marked "not interested": what happened, and Undo (focused). */
function HiddenCard({
  item,
  undoing,
  error,
  onUndo,
}: {
  item: Recommendation;
  undoing: boolean;
  error: string | null;
  onUndo: () => void;
}) {
  const title = displayTitle(item.movie.title);
  const undoRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    undoRef.current?.focus();
  }, []);
  return (
    <li className={styles.item}>
      <div
        className={styles.hidden}
        role="group"
        aria-label={`${title}, hidden`}
        data-testid="hidden-recommendation"
        data-movie-id={item.movie.id}
      >
        <p className={styles.hiddenText}>
          <strong>{title}</strong> is hidden. You will not be recommended it again.
        </p>
        <button
          ref={undoRef}
          type="button"
          className="button button-secondary"
          onClick={onUndo}
          disabled={undoing}
          aria-label={`Undo: show ${title} again`}
          data-testid="undo-not-interested-button"
        >
          {undoing ? 'Undoing…' : 'Undo'}
        </button>
        {error !== null && (
          <p className={styles.cardError} role="alert">
            {error}
          </p>
        )}
      </div>
    </li>
  );
}

interface RecommendationCardProps {
  item: Recommendation;
  rating: number | null;
  watchlist: Watchlist;
  /** "Not interested" is being saved. */
  hiding: boolean;
  error: string | null;
  onNotInterested: () => void;
  /**
   * What the badge's stars are: the model's guess of this user's rating, or, for popular movies
   * shown while the recommender is unavailable, the movie's average rating.
   */
  stars: 'predicted' | 'average';
}

function RecommendationCard({
  item,
  rating,
  stars,
  watchlist,
  hiding,
  error,
  onNotInterested,
}: RecommendationCardProps) {
  const { movie, predictedRating, reason } = item;
  const title = displayTitle(movie.title);
  const predicted = predictedRating.toFixed(1);
  const saver = useRatingSaver(movie, rating);
  const headingId = `recommendation-${movie.id}-title`;
  return (
    <li className={styles.item}>
      <article
        className={styles.card}
        aria-labelledby={headingId}
        data-testid="recommendation"
        data-movie-id={movie.id}
        data-genres={movie.genres.join('|')}
        data-year={movie.year ?? ''}
        data-rated={saver.value !== null}
      >
        <div className={styles.posterWrap}>
          <Poster movie={movie} />
          {stars === 'predicted' ? (
            <span className={styles.badge} data-testid="predicted-rating">
              <span aria-hidden="true">{predicted} ★</span>
              <span className="visually-hidden">Predicted rating {predicted} out of 5</span>
            </span>
          ) : (
            <span className={styles.badge} data-testid="average-rating">
              <span aria-hidden="true">avg {predicted} ★</span>
              <span className="visually-hidden">Average rating {predicted} out of 5</span>
            </span>
          )}
        </div>
        <div className={styles.body}>
          <h3 id={headingId} className={styles.cardTitle}>
            <Link href={filmPath(movie.id)} className="title-link">
              {title}
            </Link>
          </h3>
          <p className={styles.year}>{yearLabel(movie)}</p>
          <GenreChips genres={movie.genres} />
          <ReasonLine reason={reason} />
          <div className={styles.rate}>
            <p className={styles.rateLabel}>Seen it? Rate it:</p>
            <StarRating title={title} value={saver.value} onChange={saver.change} />
            <RatingStatus status={saver.status} value={saver.value} onRetry={saver.retry} />
          </div>
          <div className={styles.controls}>
            <WatchlistToggle movie={movie} watchlist={watchlist} />
            <button
              type="button"
              className={styles.notInterested}
              onClick={onNotInterested}
              disabled={hiding}
              aria-label={`Not interested: ${title}`}
              data-testid="not-interested-button"
            >
              {hiding ? 'Hiding…' : 'Not interested'}
            </button>
          </div>
          {error !== null && (
            <p className={styles.cardError} role="alert">
              {error}
            </p>
          )}
        </div>
      </article>
    </li>
  );
}

/**
 * Why the movie is recommended: a movie the user liked that predicts it ("Because you rated X"),
 * "Popular with people who rate like you" when no single liked movie does, or nothing when the
 * user has liked no movie yet.
 */
function ReasonLine({ reason }: { reason: RecommendationReason | null }) {
  if (reason === null) return null;
  if (reason.kind === 'taste') {
    return (
      <p className={styles.reason} data-testid="recommendation-reason" data-reason-kind="taste">
        Popular with people who rate like you
      </p>
    );
  }
  return (
    <p
      className={styles.reason}
      data-testid="recommendation-reason"
      data-reason-kind="rated"
      data-cited-movie-id={reason.movie.id}
    >
      Because you rated <strong>{displayTitle(reason.movie.title)}</strong>{' '}
      <span className={styles.reasonStars}>{reason.rating.toFixed(1)} ★</span>
    </p>
  );
}
