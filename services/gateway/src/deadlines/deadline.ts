import { AsyncLocalStorage } from 'node:async_hooks';

/** A point in time by which an answer is due. */
export class Deadline {
  private constructor(readonly at: number) {}

  /** `ms` from `now`. */
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

/**
 * One request's deadline: the scope opens when the request arrives (startDeadlineScope), the
 * deadline is set once the route, and so its kind, is known (DeadlineGuard).
 */
interface DeadlineScope {
  readonly startedAt: number;
  deadline?: Deadline;
}

const storage = new AsyncLocalStorage<DeadlineScope>();

/** Runs `work` in a new deadline scope, started now, with `deadline` if already known. */
export function runWithDeadline<T>(deadline: Deadline | undefined, work: () => T): T {
  return storage.run({ startedAt: Date.now(), deadline }, work);
}

/**
 * Sets the current scope's deadline to `ms` after its start; false outside a scope.
 */
export function setDeadlineAfterStart(ms: number): boolean {
  const scope = storage.getStore();
  if (scope === undefined) return false;
  scope.deadline = Deadline.after(ms, scope.startedAt);
  return true;
}

/**
 * The deadline of the request this code runs for, followed through every await, so a
 * repository several calls down bounds its retries by it. Undefined outside a request.
 */
export function currentDeadline(): Deadline | undefined {
  return storage.getStore()?.deadline;
}
