import { Injectable } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { recommendJobData, type RecommendJobResult } from '@marquee/contracts';
import { ModelHolder } from '../model/model-holder';

export const NO_MODEL_MESSAGE = 'NO_MODEL: no model is loaded yet';

/** Scores one user's request with the model loaded in memory; no database access. */
@Injectable()
export class RecommendationService {
  constructor(private readonly holder: ModelHolder) {}

  recommend(data: unknown): RecommendJobResult {
    const parsed = recommendJobData.safeParse(data);
    if (!parsed.success) {
      const problems = parsed.error.issues.map(
        (i) => `${i.path.join('.') || 'data'}: ${i.message}`,
      );
      throw new UnrecoverableError(`INVALID_JOB: ${problems.join('; ')}`);
    }
    // Held for the whole job: a swap meanwhile neither changes nor frees the model it uses.
    const lease = this.holder.acquire();
    if (!lease) throw new UnrecoverableError(NO_MODEL_MESSAGE);
    try {
      const { ratings, excludeMovieIds, count } = parsed.data;
      const items = lease.model.scorer.recommend({
        ratings,
        excludeMovieIds: [...excludeMovieIds, ...ratings.map((r) => r.movieId)],
        count,
      });
      return { modelVersion: lease.model.version, items };
    } finally {
      lease.release();
    }
  }
}
