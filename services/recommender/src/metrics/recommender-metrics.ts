import { Inject, Injectable } from '@nestjs/common';
import { LATENCY_BUCKETS, METRIC_PREFIX, METRICS_REGISTRY } from '@marquee/nest-common';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { RecommenderConfig } from '../config/recommender-config';
import { RECOMMENDER_CONFIG } from '../core/tokens';
import { ModelHolder } from '../model/model-holder';

/** How a recommend job ended on this replica. */
export type RecommendJobOutcome = 'ok' | 'no_model' | 'invalid' | 'error';

@Injectable()
export class RecommenderMetrics {
  /** Fold-in, scoring every movie, picking and explaining: the CPU work of one job. */
  readonly jobDuration: Histogram<'outcome'>;
  /** From the gateway adding a job to this replica starting it. */
  readonly jobQueueTime: Histogram;
  readonly jobs: Counter<'outcome'>;

  constructor(
    @Inject(METRICS_REGISTRY) registry: Registry,
    @Inject(RECOMMENDER_CONFIG) config: RecommenderConfig,
    holder: ModelHolder,
  ) {
    this.jobDuration = new Histogram({
      name: `${METRIC_PREFIX}recommender_job_duration_seconds`,
      help: 'Time a replica spends on one recommend job (fold-in and scoring)',
      labelNames: ['outcome'],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    });
    this.jobQueueTime = new Histogram({
      name: `${METRIC_PREFIX}recommender_job_queue_seconds`,
      help: 'Time a recommend job waited in the queue before a replica started it',
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    });
    this.jobs = new Counter({
      name: `${METRIC_PREFIX}recommender_jobs_total`,
      help: 'Recommend jobs finished by this replica, by outcome',
      labelNames: ['outcome'],
      registers: [registry],
    });
    const replica = config.replicaId;
    new Gauge({
      name: `${METRIC_PREFIX}recommender_model_version`,
      help: 'Model version this replica serves (0: none loaded yet)',
      labelNames: ['replica'],
      registers: [registry],
      collect() {
        this.set({ replica }, holder.current()?.version ?? 0);
      },
    });
  }
}
