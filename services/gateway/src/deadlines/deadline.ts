import { AsyncLocalStorage } from 'node:async_hooks';

/** A point in time by which an answer is due. */
export class Deadline {
  private constructor(readonly at: number) {}

  /** `ms` from now. */
  static after(ms: number, now = Date.now()): Deadline {
    return new Deadline(now + ms);
  }

  /** Milliseconds left, 0 once passed. */
  remainingMs(now = Date.now()): number {
    return Math.max(0, this.at - now);
  }

  get expired(): boolean {
    return this.remainingMs() === 0;
  }

  /** An earlier deadline, `ms` before this one: the rest is kept for work that follows. */
  minus(ms: number): Deadline {
    return new Deadline(this.at - ms);
  }
}

const storage = new AsyncLocalStorage<Deadline>();

/** Runs `work` with `deadline` as the current request's (see currentDeadline). */
export function runWithDeadline<T>(deadline: Deadline, work: () => T): T {
  return storage.run(deadline, work);
}

/**
 * The deadline of the request this code runs for (set by DeadlineInterceptor), followed through
 * every await, so a repository several calls down bounds its retries by it. Undefined outside a
 * request.
 */
export function currentDeadline(): Deadline | undefined {
  return storage.getStore();
}
