import { Inject, Injectable, Logger } from '@nestjs/common';
import { QUEUES } from '@marquee/contracts';
import { METRIC_PREFIX, METRICS_REGISTRY, withTimeout } from '@marquee/nest-common';
import type { Queue } from 'bullmq';
import { Gauge, type Registry } from 'prom-client';
import { TRAIN_QUEUE } from '../admin/train-queue';
import { RECOMMEND_QUEUE } from '../queue/queue.tokens';

/** The job states counted; 'waiting' includes jobs nobody has picked up yet. */
const STATES = ['waiting', 'active', 'delayed'] as const;

/** A scrape must answer even when Redis does not. */
const COUNT_TIMEOUT_MS = 1_000;

/** marquee_queue_jobs{queue,state}: read from Redis at each scrape. */
@Injectable()
export class QueueDepthMetrics {
  private readonly logger = new Logger('Metrics');

  constructor(
    @Inject(METRICS_REGISTRY) registry: Registry,
    @Inject(RECOMMEND_QUEUE) recommendQueue: Queue,
    @Inject(TRAIN_QUEUE) trainQueue: Queue,
  ) {
    const queues: [string, Queue][] = [
      [QUEUES.recommend, recommendQueue],
      [QUEUES.train, trainQueue],
    ];
    const logger = this.logger;
    new Gauge({
      name: `${METRIC_PREFIX}queue_jobs`,
      help: 'Jobs in a BullMQ queue by state, read at scrape time',
      labelNames: ['queue', 'state'],
      registers: [registry],
      async collect() {
        await Promise.all(
          queues.map(async ([name, queue]) => {
            try {
              const counts = await withTimeout(
                queue.getJobCounts(...STATES),
                COUNT_TIMEOUT_MS,
                `Counting ${name} jobs`,
              );
              for (const state of STATES) this.set({ queue: name, state }, counts[state] ?? 0);
            } catch (error) {
              // Left out of this scrape rather than reported as 0.
              for (const state of STATES) this.remove({ queue: name, state });
              logger.warn(
                `queue depth of ${name} unavailable: ${error instanceof Error ? error.message : String(error)}`,
              );
            }
          }),
        );
      },
    });
  }
}
