import { MIN_RATINGS_FOR_RECOMMENDATIONS } from '../lib/constants';
import { ProgressBar } from './ProgressBar';
import styles from './RatingProgress.module.css';

interface RatingProgressProps {
  ratedCount: number;
  /** True while the earlier ratings are still loading. */
  loading: boolean;
  busy: boolean;
  onGetRecommendations: () => void;
}

/** Sticky bar: how many more movies to rate, then the button that asks for recommendations. */
export function RatingProgress({
  ratedCount,
  loading,
  busy,
  onGetRecommendations,
}: RatingProgressProps) {
  const remaining = Math.max(0, MIN_RATINGS_FOR_RECOMMENDATIONS - ratedCount);
  const done = Math.min(ratedCount, MIN_RATINGS_FOR_RECOMMENDATIONS);

  let message: string;
  if (loading) message = 'Loading your ratings…';
  else if (remaining > 0)
    message = `Rate ${remaining} more ${remaining === 1 ? 'film' : 'films'} to get recommendations`;
  else message = `${ratedCount} ${ratedCount === 1 ? 'film' : 'films'} rated`;

  return (
    <div className={styles.bar}>
      <div className={styles.inner}>
        <div className={styles.text}>
          <p
            className={styles.message}
            aria-live="polite"
            data-testid="rating-counter"
            data-rated-count={loading ? '' : ratedCount}
          >
            {message}
          </p>
          <ProgressBar
            label="Ratings towards recommendations"
            value={done}
            max={MIN_RATINGS_FOR_RECOMMENDATIONS}
            trackClassName={styles.meter}
            fillClassName={styles.meterFill}
          />
        </div>
        {!loading && remaining === 0 && (
          <button
            type="button"
            className="button button-primary"
            onClick={onGetRecommendations}
            disabled={busy}
            data-testid="get-recommendations-button"
          >
            Get recommendations
          </button>
        )}
      </div>
    </div>
  );
}
