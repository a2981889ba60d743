import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { Worker } from 'bullmq';
import {
  QUEUES,
  RECOMMEND_WORKER_OPTIONS,
  type RecommendJobData,
  type RecommendJobResult,
} from '@marquee/contracts';
import type { RecommenderConfig } from '../config/recommender-config';
import { RECOMMENDER_CONFIG } from '../core/tokens';
import { RecommendationService } from '../recommend/recommendation.service';
import { bullConnection } from './bull-connection';

/** Competing consumer of recommend jobs; each job goes to the RecommendationService. */
@Injectable()
export class RecommendWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(RecommendWorker.name);
  private worker: Worker<RecommendJobData, RecommendJobResult> | null = null;

  constructor(
    @Inject(RECOMMENDER_CONFIG) private readonly config: RecommenderConfig,
    private readonly recommendations: RecommendationService,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = new Worker<RecommendJobData, RecommendJobResult>(
      QUEUES.recommend,
      async (job) => this.recommendations.recommend(job.data),
      {
        connection: bullConnection(this.config.REDIS_URL),
        prefix: this.config.BULL_PREFIX,
        concurrency: this.config.RECOMMEND_CONCURRENCY,
        ...RECOMMEND_WORKER_OPTIONS,
      },
    );
    this.worker.on('error', (error) => this.logger.error(`worker error: ${error.message}`));
    this.worker.on('failed', (job, error) =>
      this.logger.warn(`recommend job ${job?.id ?? '?'} failed: ${error.message}`),
    );
    this.logger.log(
      `listening on queue "${QUEUES.recommend}" (prefix "${this.config.BULL_PREFIX}", ` +
        `concurrency ${this.config.RECOMMEND_CONCURRENCY})`,
    );
  }

  /** Finishes the jobs in progress and takes no new ones. */
  async beforeApplicationShutdown(): Promise<void> {
    if (!this.worker) return;
    await this.worker.close();
    this.worker = null;
  }
}
