import { Inject, Injectable } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { jobFailureMessage, recommendJobData, type RecommendJobResult } from '@marquee/contracts';
import type { RecommenderConfig } from '../config/recommender-config';
import { RECOMMENDER_CONFIG } from '../core/tokens';
import { ModelHolder } from '../model/model-holder';
import { foldInMethodFor } from './fold-in-method';
import { invalidJob } from './invalid-job';
import { modelUserId } from './model-user-id';

export const NO_MODEL_MESSAGE = jobFailureMessage('NO_MODEL', 'no model is loaded yet');

/** Scores one user's request with the model loaded in memory; no database access. */
@Injectable()
export class RecommendationService {
  constructor(
    @Inject(RECOMMENDER_CONFIG) private readonly config: RecommenderConfig,
    private readonly holder: ModelHolder,
  ) {}

  recommend(data: unknown): RecommendJobResult {
    const parsed = recommendJobData.safeParse(data);
    if (!parsed.success) throw invalidJob(parsed.error);
    // Held for the whole job: a swap meanwhile neither changes nor frees the model it uses.
    const lease = this.holder.acquire();
    if (!lease) throw new UnrecoverableError(NO_MODEL_MESSAGE);
    try {
      const { userId, ratings, excludeMovieIds, notInterestedMovieIds, filter, count } =
        parsed.data;
      const allowed = lease.model.movies.allowed(filter);
      const scored = lease.model.scorer.recommend({
        ...modelUserId(userId),
        ratings,
        excludeMovieIds: [...excludeMovieIds, ...ratings.map((r) => r.movieId)],
        notInterestedMovieIds,
        ...(allowed ? { allowed } : {}),
        count,
        foldIn: foldInMethodFor(this.config.foldIn),
      });
      const reasons = lease.model.similarity.explain(
        scored.map((item) => item.movieId),
        ratings,
      );
      const items = scored.map((item) => ({
        ...item,
        because: reasons.get(item.movieId) ?? null,
      }));
      return { modelVersion: lease.model.version, replica: this.config.replicaId, items };
    } finally {
      lease.release();
    }
  }
}
