/**
 * Lets each key through at most once per interval: the first time, and again once the interval
 * has passed since it last went through. Holds at most `maxKeys` keys, forgetting the oldest
 * first (a key forgotten early only goes through again sooner).
 */
export class PerKeyInterval {
  /** Each key's last time through; Map order is time order, since a key is re-inserted. */
  private readonly last = new Map<number, number>();

  constructor(
    private readonly intervalMs: number,
    private readonly maxKeys = 50_000,
    private readonly now: () => number = Date.now,
  ) {}

  take(key: number): boolean {
    const now = this.now();
    const previous = this.last.get(key);
    if (previous !== undefined && now - previous < this.intervalMs) return false;
    this.last.delete(key);
    this.last.set(key, now);
    for (const [oldest, at] of this.last) {
      if (this.last.size <= this.maxKeys && now - at < this.intervalMs) break;
      this.last.delete(oldest);
    }
    return true;
  }

  get size(): number {
    return this.last.size;
  }
}
