import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { QueueEvents } from 'bullmq';
import { RECOMMEND_QUEUE_EVENTS } from './queue.tokens';

/** How a wait ended without a result. */
export class ResultWaitError extends Error {
  constructor(
    readonly kind: 'timeout' | 'failed' | 'disconnected',
    message: string,
  ) {
    super(message);
    this.name = 'ResultWaitError';
  }
}

export interface PendingResult {
  /** Resolves with the job's return value; rejects with ResultWaitError. */
  readonly result: Promise<unknown>;
  /** Stops waiting (the job was never added); the promise then never settles. */
  cancel(): void;
}

interface Waiter {
  resolve(value: unknown): void;
  reject(error: ResultWaitError): void;
  timer: NodeJS.Timeout;
}

/**
 * Every request waiting for a recommend result, behind ONE set of listeners on the one
 * QueueEvents: a 'completed' or 'failed' event looks its job up in a map, so the number of
 * listeners does not grow with the number of requests in flight (BullMQ's waitUntilFinished
 * adds three per call). A wait is registered before its job is added, so no event can slip
 * by unheard; each one has its own deadline. When the event stream's connection to Redis
 * drops, every wait fails at once ('disconnected'): its result could be lost with Redis, and
 * the caller adds its job again once Redis is back rather than wait for nothing.
 */
@Injectable()
export class RecommendResults implements OnApplicationShutdown {
  private readonly waiters = new Map<string, Waiter>();

  constructor(@Inject(RECOMMEND_QUEUE_EVENTS) events: QueueEvents) {
    events.on('completed', ({ jobId, returnvalue }) => {
      // QueueEvents has already parsed the JSON return value, whatever its typing says.
      this.settle(jobId)?.resolve(returnvalue as unknown);
    });
    events.on('failed', ({ jobId, failedReason }) => {
      this.settle(jobId)?.reject(new ResultWaitError('failed', failedReason));
    });
    events.on('ioredis:close', () => this.failAll('the connection to Redis was lost'));
  }

  /** Requests waiting right now. */
  get waiting(): number {
    return this.waiters.size;
  }

  /** Starts waiting for `jobId`'s outcome, for at most `timeoutMs`; call before adding the job. */
  expect(jobId: string, timeoutMs: number): PendingResult {
    if (this.waiters.has(jobId)) throw new Error(`already waiting for job ${jobId}`);
    const result = new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(jobId);
        reject(new ResultWaitError('timeout', `no result for job ${jobId} within ${timeoutMs} ms`));
      }, timeoutMs);
      timer.unref();
      this.waiters.set(jobId, { resolve, reject, timer });
    });
    // The wait may fail (connection lost) while the caller is still adding the job and not yet
    // awaiting it; marking it handled keeps that from being an unhandled rejection, which
    // would end the process. The caller still sees the rejection when it awaits.
    result.catch(() => undefined);
    return { result, cancel: () => void this.settle(jobId) };
  }

  onApplicationShutdown(): void {
    this.failAll('the gateway is shutting down');
  }

  /** Removes and returns the job's waiter (none if nobody waits for it any more). */
  private settle(jobId: string): Waiter | undefined {
    const waiter = this.waiters.get(jobId);
    if (!waiter) return undefined;
    clearTimeout(waiter.timer);
    this.waiters.delete(jobId);
    return waiter;
  }

  private failAll(why: string): void {
    for (const jobId of [...this.waiters.keys()]) {
      this.settle(jobId)?.reject(new ResultWaitError('disconnected', why));
    }
  }
}
