import { Inject, Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import {
  jobFailureCode,
  JOBS,
  type MovieForMeJobData,
  type MovieForMeJobResult,
  QUEUES,
  RECOMMEND_WORKER_OPTIONS,
  type RecommendJobData,
  type RecommendJobResult,
} from '@marquee/contracts';
import { PinoLogger, QueueWorkerHost } from '@marquee/nest-common';
import type { RecommenderConfig } from '../config/recommender-config';
import { RECOMMENDER_CONFIG } from '../core/tokens';
import { RecommenderMetrics, type RecommendJobOutcome } from '../metrics/recommender-metrics';
import { MovieForMeService } from '../recommend/movie-for-me.service';
import { RecommendationService } from '../recommend/recommendation.service';

/** The request id a job serves (the gateway's x-request-id), if its data has one. */
function requestIdOf(job: Job): string | undefined {
  const data: unknown = job.data;
  const id =
    typeof data === 'object' && data !== null
      ? (data as Record<string, unknown>).requestId
      : undefined;
  return typeof id === 'string' ? id : undefined;
}

function outcomeOf(error: unknown): RecommendJobOutcome {
  const message = error instanceof Error ? error.message : '';
  switch (jobFailureCode(message)) {
    case 'NO_MODEL':
      return 'no_model';
    case 'INVALID_JOB':
      return 'invalid';
    case null:
      return 'error';
  }
}

type RecommendQueueData = RecommendJobData | MovieForMeJobData;
type RecommendQueueResult = RecommendJobResult | MovieForMeJobResult;

/**
 * Competing consumer of the recommend queue: a recommend job goes to the RecommendationService,
 * a movie-for-me job to the MovieForMeService.
 */
@Injectable()
export class RecommendWorker extends QueueWorkerHost<RecommendQueueData, RecommendQueueResult> {
  constructor(
    @Inject(RECOMMENDER_CONFIG) config: RecommenderConfig,
    private readonly recommendations: RecommendationService,
    private readonly moviesForMe: MovieForMeService,
    private readonly metrics: RecommenderMetrics,
    pino: PinoLogger,
  ) {
    super({
      queue: QUEUES.recommend,
      redisUrl: config.redisUrl,
      prefix: config.bullPrefix,
      concurrency: config.concurrency,
      options: RECOMMEND_WORKER_OPTIONS,
      // Every line logged for a job names the request it serves.
      logContext: {
        pino,
        bindings: (job) => ({
          requestId: requestIdOf(job),
          jobId: job.id,
          replica: config.replicaId,
        }),
      },
    });
  }

  protected override async process(
    job: Job<RecommendQueueData, RecommendQueueResult>,
  ): Promise<RecommendQueueResult> {
    if (job.processedOn !== undefined) {
      this.metrics.jobQueueTime.observe(Math.max(0, job.processedOn - job.timestamp) / 1000);
    }
    const started = process.hrtime.bigint();
    const elapsed = () => Number(process.hrtime.bigint() - started) / 1e9;
    try {
      const movieForMe = job.name === JOBS.movieForMe;
      const result = movieForMe
        ? this.moviesForMe.answer(job.data)
        : this.recommendations.recommend(job.data);
      const seconds = elapsed();
      this.metrics.jobDuration.observe({ outcome: 'ok' }, seconds);
      this.metrics.jobs.inc({ outcome: 'ok' });
      this.logger.log({
        msg: movieForMe ? 'movie-for-me job done' : 'recommend job done',
        modelVersion: result.modelVersion,
        ...('items' in result
          ? { items: result.items.length }
          : { similar: result.similar.length }),
        ms: Math.round(seconds * 1e4) / 10,
      });
      return result;
    } catch (error) {
      const outcome = outcomeOf(error);
      this.metrics.jobDuration.observe({ outcome }, elapsed());
      this.metrics.jobs.inc({ outcome });
      throw error;
    }
  }
}
