/** Waits between attempts: quick at first (a dropped connection), then at most half a second. */
const FIRST_BACKOFF_MS = 50;
const MAX_BACKOFF_MS = 500;

/**
 * The pause before retry number `attempt` (0-based), jittered so that requests waiting on the
 * same outage do not all come back at the same instant, and never past `remainingMs`.
 */
export function backoffMs(attempt: number, remainingMs: number): number {
  const base = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** attempt);
  return Math.min(remainingMs, base * (0.5 + Math.random() / 2));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
