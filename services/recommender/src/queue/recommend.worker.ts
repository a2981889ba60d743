import { Inject, Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import {
  QUEUES,
  RECOMMEND_WORKER_OPTIONS,
  type RecommendJobData,
  type RecommendJobResult,
} from '@marquee/contracts';
import { QueueWorkerHost } from '@marquee/nest-common';
import type { RecommenderConfig } from '../config/recommender-config';
import { RECOMMENDER_CONFIG } from '../core/tokens';
import { RecommendationService } from '../recommend/recommendation.service';

/** Competing consumer of recommend jobs; each job goes to the RecommendationService. */
@Injectable()
export class RecommendWorker extends QueueWorkerHost<RecommendJobData, RecommendJobResult> {
  constructor(
    @Inject(RECOMMENDER_CONFIG) config: RecommenderConfig,
    private readonly recommendations: RecommendationService,
  ) {
    super({
      queue: QUEUES.recommend,
      redisUrl: config.REDIS_URL,
      prefix: config.BULL_PREFIX,
      concurrency: config.RECOMMEND_CONCURRENCY,
      options: RECOMMEND_WORKER_OPTIONS,
    });
  }

  protected override async process(
    job: Job<RecommendJobData, RecommendJobResult>,
  ): Promise<RecommendJobResult> {
    return this.recommendations.recommend(job.data);
  }
}
