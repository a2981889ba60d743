/**
 * What the fault proof measures around one fault, and what it requires of each kind of fault
 * (short outages cost latency, not answers): from the requests sent while it lasted and
 * shortly after, failures, hung requests, latency and the time to the first success once the
 * store is back.
 */

import { percentile } from '../../lib/measures';

export interface FaultEvent {
  /** When the request was sent and when it was answered (or given up on), epoch ms. */
  at: number;
  doneAt: number;
  kind: 'recommend' | 'rate';
  /** A 2xx answer. */
  ok: boolean;
  /** A 2xx recommendation answered from the gateway's fallback, not by the model. */
  fallback: boolean;
  /** A failure the client can act on: 503 with Retry-After and a JSON error. */
  clear: boolean;
  hung: boolean;
}

/**
 * - `short`: a store down or paused for less than the routes' deadlines: absorbed (no failure,
 *   no hang, p99 within each route's deadline).
 * - `long`: past the deadlines: no hang, every failure clear, the first success that needs the
 *   store within FIRST_SUCCESS_S of its return.
 * - `replica`: a recommender replica paused: no hang, failures clear, none among requests sent
 *   once the paused replica's jobs have had a deadline to fail over.
 * - `other`: replicas killed or restarted, a corrupt model: no hang, no unclear failure.
 */
export type FaultKind = 'short' | 'long' | 'replica' | 'other';

export interface Deadlines {
  recommendMs: number;
  writeMs: number;
}

/** How soon after a store returns a request that needs it must succeed (long faults). */
export const FIRST_SUCCESS_S = 1;

export interface FaultWindow {
  /** Fault injected. */
  start: number;
  /** The store (or process) is back; null when the fault has no such moment. */
  returnedAt: number | null;
  /** End of the window: the fault's requests have all been answered by then. */
  end: number;
}

export interface FaultSummary {
  requests: number;
  failedRecommend: number;
  fallbackRecommend: number;
  failedRatings: number;
  /** Failures that are not a clear 503 (no Retry-After, no JSON code, or another status). */
  unclearFailures: number;
  hung: number;
  /** p99 latency (ms) of the requests in flight while the fault lasted, by kind; null if none. */
  p99Ms: { recommend: number | null; rate: number | null };
  /** Seconds from the store's return to the first success that needed it; null if none. */
  secondsToFirstSuccess: number | null;
  /** Failed requests sent a recommend deadline or more after the fault began. */
  lateFailures: number;
}

/**
 * Summarises the requests that overlap `window` (in flight at its start, or sent inside it).
 * `needsStore` says which successes prove the store is back (a model's answer for Redis, a
 * saved rating for Postgres).
 */
export function summarizeFault(
  events: readonly FaultEvent[],
  window: FaultWindow,
  deadlines: Deadlines,
  needsStore: (event: FaultEvent) => boolean = () => true,
): FaultSummary {
  const inside = events.filter((e) => e.doneAt >= window.start && e.at <= window.end);
  const failed = inside.filter((e) => !e.ok);
  const during = inside.filter((e) => e.at <= (window.returnedAt ?? window.end));
  const latency = (kind: FaultEvent['kind']): number | null => {
    const sorted = during
      .filter((e) => e.kind === kind && !e.hung)
      .map((e) => e.doneAt - e.at)
      .sort((a, b) => a - b);
    return sorted.length > 0 ? percentile(sorted, 99) : null;
  };
  const returnedAt = window.returnedAt;
  const firstSuccess =
    returnedAt === null
      ? null
      : inside
          .filter((e) => e.ok && needsStore(e) && e.doneAt >= returnedAt)
          .reduce<number | null>((m, e) => (m === null ? e.doneAt : Math.min(m, e.doneAt)), null);
  return {
    requests: inside.length,
    failedRecommend: failed.filter((e) => e.kind === 'recommend').length,
    fallbackRecommend: inside.filter((e) => e.ok && e.fallback).length,
    failedRatings: failed.filter((e) => e.kind === 'rate').length,
    unclearFailures: failed.filter((e) => !e.clear).length,
    hung: inside.filter((e) => e.hung).length,
    p99Ms: { recommend: latency('recommend'), rate: latency('rate') },
    secondsToFirstSuccess:
      firstSuccess === null || returnedAt === null ? null : (firstSuccess - returnedAt) / 1000,
    lateFailures: failed.filter((e) => e.at >= window.start + deadlines.recommendMs).length,
  };
}

/** What a fault of `kind` failed of its targets; empty when it met them all. */
export function faultProblems(
  kind: FaultKind,
  summary: FaultSummary,
  deadlines: Deadlines,
): string[] {
  const problems: string[] = [];
  if (summary.hung > 0) problems.push(`${summary.hung} requests hung`);
  if (kind !== 'short' && summary.unclearFailures > 0) {
    problems.push(`${summary.unclearFailures} failures were not a clear 503`);
  }
  if (kind === 'short') {
    if (summary.failedRecommend > 0) {
      problems.push(`${summary.failedRecommend} recommendations failed`);
    }
    if (summary.failedRatings > 0) problems.push(`${summary.failedRatings} ratings failed`);
    const { recommend, rate } = summary.p99Ms;
    if (recommend !== null && recommend >= deadlines.recommendMs) {
      problems.push(`recommend p99 ${recommend} ms is not below ${deadlines.recommendMs} ms`);
    }
    if (rate !== null && rate >= deadlines.writeMs) {
      problems.push(`rating p99 ${rate} ms is not below ${deadlines.writeMs} ms`);
    }
  }
  if (kind === 'long') {
    const first = summary.secondsToFirstSuccess;
    if (first === null) problems.push('no success after the store returned');
    else if (first > FIRST_SUCCESS_S) {
      problems.push(`first success ${first.toFixed(2)} s after the store returned`);
    }
  }
  if (kind === 'replica' && summary.lateFailures > 0) {
    problems.push(`${summary.lateFailures} requests failed after the others took over`);
  }
  return problems;
}
