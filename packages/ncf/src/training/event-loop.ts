/** Lets the event loop run (a caller's timers, such as a lock renewal) between training steps. */
export const yieldToEventLoop = (): Promise<void> =>
  new Promise<void>((resolve) => setImmediate(resolve));

/** How long a training loop may hold the event loop before it lets it run. */
export const YIELD_INTERVAL_MS = 100;

/**
 * Yields to the event loop from a synchronous-heavy loop once `intervalMs` have passed since the
 * last yield, so its steps, however long each one takes at a given catalogue size, hold the loop
 * for at most one step past the interval.
 */
export class EventLoopYielder {
  private last: number;

  constructor(
    private readonly intervalMs: number = YIELD_INTERVAL_MS,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.last = now();
  }

  /** Call between steps: resolves at once, or after a turn of the event loop when one is due. */
  async step(): Promise<void> {
    if (this.now() - this.last < this.intervalMs) return;
    await yieldToEventLoop();
    this.last = this.now();
  }
}
