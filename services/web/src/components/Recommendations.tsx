'use client';

import type { Recommendation, RecommendationReason } from '@marquee/contracts';
import type { ModelTraining } from '../hooks/useModelTraining';
import { useRatingSaver } from '../hooks/useRatingSaver';
import type { RecommendationsState } from '../hooks/useRecommendations';
import { RECOMMENDATION_COUNT } from '../lib/constants';
import { displayTitle, yearLabel } from '../lib/movie-display';
import { GenreChips } from './GenreChips';
import { ModelTrainingStatus } from './ModelTrainingStatus';
import { Poster } from './Poster';
import { RatingStatus } from './RatingStatus';
import { RetryButton } from './RetryButton';
import { SkeletonCard } from './SkeletonCard';
import { StarRating } from './StarRating';
import styles from './Recommendations.module.css';

interface RecommendationsProps {
  state: RecommendationsState;
  training: ModelTraining;
  ratings: ReadonlyMap<number, number>;
  onRatingSaved: (movieId: number, rating: number | null) => void;
  onLoad: () => void;
}

export function Recommendations({
  state,
  training,
  ratings,
  onRatingSaved,
  onLoad,
}: RecommendationsProps) {
  const busy = state.kind === 'loading';
  return (
    <section
      className={styles.section}
      aria-labelledby="recommendations-heading"
      aria-busy={busy}
      data-testid="recommendations"
      data-state={state.kind}
    >
      <div className={styles.heading}>
        <div>
          <h2 id="recommendations-heading" className={styles.title}>
            Picked for you
          </h2>
          <p className={styles.lede}>
            Films the model expects you to watch and like; the stars are its guess of your rating.
            Rate any you have seen: they count, and Refresh draws a new set.
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
          {state.data.items.length === 0 ? (
            <p className={styles.noticeText}>
              The model has nothing new to suggest right now. Rate a few more films and refresh.
            </p>
          ) : (
            <ol className={styles.grid}>
              {state.data.items.map((item) => (
                <RecommendationCard
                  key={item.movie.id}
                  item={item}
                  rating={ratings.get(item.movie.id) ?? null}
                  onRatingSaved={onRatingSaved}
                />
              ))}
            </ol>
          )}
          <p className={styles.model} data-testid="model-version">
            model v{state.data.modelVersion}
          </p>
        </>
      )}
    </section>
  );
}

interface RecommendationCardProps {
  item: Recommendation;
  rating: number | null;
  onRatingSaved: (movieId: number, rating: number | null) => void;
}

function RecommendationCard({ item, rating, onRatingSaved }: RecommendationCardProps) {
  const { movie, predictedRating, reason } = item;
  const title = displayTitle(movie.title);
  const predicted = predictedRating.toFixed(1);
  const saver = useRatingSaver(movie.id, rating, onRatingSaved);
  const headingId = `recommendation-${movie.id}-title`;
  return (
    <li className={styles.item}>
      <article
        className={styles.card}
        aria-labelledby={headingId}
        data-testid="recommendation"
        data-movie-id={movie.id}
        data-rated={saver.value !== null}
      >
        <div className={styles.posterWrap}>
          <Poster movie={movie} />
          <span className={styles.badge} data-testid="predicted-rating">
            <span aria-hidden="true">{predicted} ★</span>
            <span className="visually-hidden">Predicted rating {predicted} out of 5</span>
          </span>
        </div>
        <div className={styles.body}>
          <h3 id={headingId} className={styles.cardTitle}>
            {title}
          </h3>
          <p className={styles.year}>{yearLabel(movie)}</p>
          <GenreChips genres={movie.genres} />
          <ReasonLine reason={reason} />
          <div className={styles.rate}>
            <p className={styles.rateLabel}>Seen it? Rate it:</p>
            <StarRating title={title} value={saver.value} onChange={saver.change} />
            <RatingStatus status={saver.status} value={saver.value} onRetry={saver.retry} />
          </div>
        </div>
      </article>
    </li>
  );
}

/**
 * Why the film is recommended: a film the user liked that predicts it ("Because you rated X"),
 * "Popular with people who rate like you" when no single liked film does, or nothing when the
 * user has liked no film yet.
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
