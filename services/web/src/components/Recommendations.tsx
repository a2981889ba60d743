'use client';

import type { Recommendation } from '@marquee/contracts';
import type { RecommendationsState } from '../hooks/useRecommendations';
import { RECOMMENDATION_COUNT } from '../lib/constants';
import { displayTitle, yearLabel } from '../lib/movie-display';
import { GenreChips } from './GenreChips';
import { Poster } from './Poster';
import { SkeletonCard } from './SkeletonCard';
import styles from './Recommendations.module.css';

interface RecommendationsProps {
  state: RecommendationsState;
  onLoad: () => void;
}

export function Recommendations({ state, onLoad }: RecommendationsProps) {
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
            Films the model predicts you will rate highly, drawn from its top picks.
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
          <div>
            <p className={styles.noticeTitle}>{state.message}</p>
            <p className={styles.noticeText}>
              {state.checking ? 'Checking again…' : 'Checking again in a few seconds.'}
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
          <button type="button" className="button button-secondary" onClick={onLoad}>
            Retry
          </button>
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
                <RecommendationCard key={item.movie.id} item={item} />
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

function RecommendationCard({ item }: { item: Recommendation }) {
  const { movie, predictedRating } = item;
  const predicted = predictedRating.toFixed(1);
  return (
    <li className={styles.item}>
      <article className={styles.card} data-testid="recommendation" data-movie-id={movie.id}>
        <div className={styles.posterWrap}>
          <Poster movie={movie} />
          <span className={styles.badge} data-testid="predicted-rating">
            <span aria-hidden="true">Predicted {predicted} ★</span>
            <span className="visually-hidden">Predicted rating {predicted} out of 5</span>
          </span>
        </div>
        <div className={styles.body}>
          <h3 className={styles.cardTitle}>{displayTitle(movie.title)}</h3>
          <p className={styles.year}>{yearLabel(movie)}</p>
          <GenreChips genres={movie.genres} />
        </div>
      </article>
    </li>
  );
}
