import {
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { Worker, type Job, type WorkerOptions } from 'bullmq';
import type { PinoLogger } from 'nestjs-pino';
import type { Bindings } from 'pino';
import { runWithLogBindings } from '../observability/structured-logs';
import { bullConnection } from '../redis/connection-options';
import { RedisReconnectPolicy } from '../redis/redis-clients';

export interface QueueWorkerSettings {
  queue: string;
  redisUrl: string;
  /** BullMQ key prefix (BULL_PREFIX). */
  prefix: string;
  concurrency: number;
  /** Further worker options, e.g. the contracts' lock and stalled-job settings. */
  options?: Omit<WorkerOptions, 'connection' | 'prefix'>;
  /** Lines logged while a job runs carry these fields (job id, the request id it serves). */
  logContext?: { pino: PinoLogger; bindings: (job: Job) => Bindings };
}

/**
 * Base of a service's BullMQ worker: starts consuming once the app has bootstrapped, and on
 * shutdown waits for the jobs in progress and takes no new ones (before the connections close).
 * Subclasses only process jobs.
 */
export abstract class QueueWorkerHost<Data, Result>
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  protected readonly logger = new Logger(this.constructor.name);
  private worker: Worker<Data, Result> | null = null;
  /** Back on Redis within half a second of its return, however long it was away. */
  private readonly reconnect = new RedisReconnectPolicy(100, 500);

  protected constructor(private readonly settings: QueueWorkerSettings) {}

  protected abstract process(job: Job<Data, Result>): Promise<Result>;

  onApplicationBootstrap(): void {
    const { queue, redisUrl, prefix, concurrency, options, logContext } = this.settings;
    const run = logContext
      ? (job: Job<Data, Result>) =>
          runWithLogBindings(logContext.pino, logContext.bindings(job), () => this.process(job))
      : (job: Job<Data, Result>) => this.process(job);
    this.worker = new Worker<Data, Result>(queue, run, {
      connection: bullConnection(redisUrl, this.reconnect),
      prefix,
      concurrency,
      ...options,
    });
    this.worker.on('error', (error) => this.logger.error(`worker error: ${error.message}`));
    this.worker.on('failed', (job, error) =>
      this.logger.warn(`${queue} job ${job?.id ?? '?'} failed: ${error.message}`),
    );
    this.logger.log(
      `listening on queue "${queue}" (prefix "${prefix}", concurrency ${concurrency})`,
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (!this.worker) return;
    this.reconnect.stop();
    this.logger.log(`closing: waiting for the active ${this.settings.queue} job(s), if any`);
    await this.worker.close();
    this.worker = null;
  }
}
