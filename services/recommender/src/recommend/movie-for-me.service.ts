import { Inject, Injectable } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { movieForMeJobData, type MovieForMeJobResult } from '@marquee/contracts';
import type { RecommenderConfig } from '../config/recommender-config';
import { RECOMMENDER_CONFIG } from '../core/tokens';
import { ModelHolder } from '../model/model-holder';
import { foldInMethodFor } from './fold-in-method';
import { invalidJob } from './invalid-job';
import { NO_MODEL_MESSAGE } from './recommendation.service';

/**
 * One film for one user, with the model in memory: the stars recommendations would show for it
 * (the user folded in from their ratings the same way) and its strongest co-rating neighbours.
 */
@Injectable()
export class MovieForMeService {
  constructor(
    @Inject(RECOMMENDER_CONFIG) private readonly config: RecommenderConfig,
    private readonly holder: ModelHolder,
  ) {}

  answer(data: unknown): MovieForMeJobResult {
    const parsed = movieForMeJobData.safeParse(data);
    if (!parsed.success) throw invalidJob(parsed.error);
    const lease = this.holder.acquire();
    if (!lease) throw new UnrecoverableError(NO_MODEL_MESSAGE);
    try {
      const { ratings, movieId, similarCount } = parsed.data;
      const [predictedRating = null] = lease.model.scorer.predictRatings(
        ratings,
        [movieId],
        foldInMethodFor(this.config.foldIn),
      );
      return {
        modelVersion: lease.model.version,
        replica: this.config.replicaId,
        predictedRating,
        similar: lease.model.similarity.similarTo(movieId, similarCount),
      };
    } finally {
      lease.release();
    }
  }
}
