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
    // Taken once: a swap during this job does not change the model it uses.
    const model = this.holder.current();
    if (!model) throw new UnrecoverableError(NO_MODEL_MESSAGE);
    const { ratings, excludeMovieIds, count } = parsed.data;
    const items = model.scorer.recommend({
      ratings,
      excludeMovieIds: [...excludeMovieIds, ...ratings.map((r) => r.movieId)],
      count,
    });
    return { modelVersion: model.version, items };
  }
}
