import type { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';

/**
 * Redis clients emit 'error' on every failed reconnect while Redis is down; log each source at
 * most once per interval so an outage does not flood the log (and an 'error' event with no
 * listener would crash the process).
 */
export function throttledErrorLogger(
  logger: Logger,
  source: string,
  intervalMs = 10_000,
): (err: unknown) => void {
  let last = 0;
  return (err: unknown) => {
    const now = Date.now();
    if (now - last >= intervalMs) {
      last = now;
      logger.warn(`${source}: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
}

/** Closes a client, giving up (and forcing a disconnect) if Redis does not answer in time. */
export async function closeQuietly(
  logger: Logger,
  name: string,
  close: () => Promise<unknown>,
  force: () => unknown,
  timeoutMs = 3_000,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const outcome = await Promise.race([close().then(() => 'closed' as const), timedOut]);
    if (outcome === 'timeout') {
      logger.warn(`${name} did not close within ${timeoutMs} ms; disconnecting`);
      forceQuietly(force);
    }
  } catch (err) {
    logger.warn(`Closing ${name} failed: ${String(err)}`);
    forceQuietly(force);
  } finally {
    clearTimeout(timer);
  }
}

/** A BullMQ Queue, QueueEvents or Worker: close() waits for Redis, disconnect() does not. */
export interface BullClient {
  close(): Promise<unknown>;
  disconnect(): unknown;
}

/** Closes BullMQ clients at once, each forced to disconnect if Redis does not answer in time. */
export async function closeBullClients(
  logger: Logger,
  clients: Record<string, BullClient>,
): Promise<void> {
  await Promise.all(
    Object.entries(clients).map(([name, client]) =>
      closeQuietly(
        logger,
        name,
        () => client.close(),
        () => client.disconnect(),
      ),
    ),
  );
}

/**
 * Closes an ioredis client: QUIT when connected (forcing a disconnect if Redis does not answer
 * in time), else drops it at once, since QUIT would wait for a connection that may never come.
 */
export async function closeRedisClient(logger: Logger, name: string, redis: Redis): Promise<void> {
  if (redis.status !== 'ready') {
    redis.disconnect();
    return;
  }
  await closeQuietly(
    logger,
    name,
    () => redis.quit(),
    () => redis.disconnect(),
  );
}

function forceQuietly(force: () => unknown): void {
  // A forced disconnect may itself wait on a dead connection: never await it, never throw.
  Promise.resolve()
    .then(force)
    .catch(() => undefined);
}

/**
 * A reconnect policy for a service's Redis clients: back off (by default 250 ms more per
 * attempt, up to 2 s) while Redis is down, and give up once the app shuts down (call stop()
 * first in the shutdown hook). Without the second part, closing a BullMQ client whose
 * Redis never answered waits for a connection forever (and keeps the process alive).
 * A service whose requests wait for Redis to come back wants a shorter `maxDelayMs`: the
 * longest time between Redis' return and the client's.
 */
export class RedisReconnectPolicy {
  private stopped = false;

  constructor(
    private readonly stepMs = 250,
    private readonly maxDelayMs = 2_000,
  ) {}

  stop(): void {
    this.stopped = true;
  }

  /** ioredis options to spread into each client's connection options. */
  readonly options = {
    retryStrategy: (times: number): number | null =>
      this.stopped ? null : Math.min(this.stepMs * times, this.maxDelayMs),
    // How long disconnect() waits for a socket to close; its default (2 s) outlives a
    // connection that never opened, holding the process after shutdown.
    disconnectTimeout: 200,
  };
}
