import { Inject, Injectable } from '@nestjs/common';
import { LATENCY_BUCKETS, METRIC_PREFIX, METRICS_REGISTRY } from '@marquee/nest-common';
import { Counter, Histogram, type Registry } from 'prom-client';

/** Where a recommendation request spends its time in the gateway, besides the queue. */
export type RecommendStage = 'active_model' | 'user_data' | 'movie_join';

/** How a wait for a recommend job ended. */
export type RecommendWaitOutcome = 'ok' | 'timeout' | 'failed' | 'unavailable';

/** The gateway's own metrics (HTTP latency is HttpMetrics', queue depth QueueDepthMetrics'). */
@Injectable()
export class GatewayMetrics {
  /** From adding the recommend job to having its result: Redis, queueing, the recommender. */
  readonly recommendWait: Histogram<'outcome'>;
  /** The gateway's own work per recommendation request, stage by stage. */
  readonly recommendStage: Histogram<'stage'>;
  /** Answers from the user's last list or the popular movies: the recommender was not in time. */
  readonly recommendFallbacks: Counter<'source'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.recommendWait = new Histogram({
      name: `${METRIC_PREFIX}recommend_wait_seconds`,
      help: 'Time from adding a recommend job to its result (queue, Redis round trips, recommender)',
      labelNames: ['outcome'],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    });
    this.recommendStage = new Histogram({
      name: `${METRIC_PREFIX}gateway_recommend_stage_seconds`,
      help: 'Gateway work per recommendation request: active model check, reading the user, joining films',
      labelNames: ['stage'],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    });
    this.recommendFallbacks = new Counter({
      name: `${METRIC_PREFIX}gateway_recommend_fallbacks_total`,
      help: 'Recommendation answers from the last list or the popular films (source), not the model',
      labelNames: ['source'],
      registers: [registry],
    });
  }

  /** Times `work` as one stage of a recommendation request. */
  async stage<T>(stage: RecommendStage, work: () => Promise<T>): Promise<T> {
    const end = this.recommendStage.startTimer({ stage });
    try {
      return await work();
    } finally {
      end();
    }
  }
}
