import type { Redis } from 'ioredis';
import type { Deadline } from '../deadlines/deadline';

/**
 * Waits, within a deadline, for an ioredis client to be connected again. Every request waiting
 * on one outage shares one promise (one listener), however many there are.
 */
export class RedisReadiness {
  private next: { promise: Promise<void>; resolve: () => void } | null = null;

  constructor(private readonly redis: Redis) {
    redis.on('ready', () => {
      this.next?.resolve();
      this.next = null;
    });
  }

  get ready(): boolean {
    return this.redis.status === 'ready';
  }

  /** True as soon as the client is ready; false if it is not by the deadline. */
  async waitUntilReady(deadline: Deadline): Promise<boolean> {
    if (this.ready) return true;
    if (this.next === null) {
      let resolve: () => void = () => undefined;
      const promise = new Promise<void>((r) => (resolve = r));
      this.next = { promise, resolve };
    }
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((r) => {
      timer = setTimeout(() => r(false), deadline.remainingMs());
    });
    try {
      return await Promise.race([this.next.promise.then(() => true), timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }
}
