import { z } from 'zod';
import { RECOMMEND_DEADLINE_MS } from '@marquee/contracts';

/**
 * What a route promises its client: an answer (or a clear error) within its deadline. Until
 * then, a Postgres or Redis that is down or does not answer costs latency, not an answer: reads,
 * idempotent writes and the recommend job are retried. Nothing is retried after it.
 *
 * | routes                                                       | deadline, default          |
 * | ------------------------------------------------------------ | -------------------------- |
 * | `write`: PUT and DELETE /api/ratings/:id, POST /api/skips,   | WRITE_DEADLINE_MS, 8 s     |
 * |   POST /api/profile/reset                                    |                            |
 * | `recommend`: GET /api/recommendations (its last              | RECOMMEND_TIMEOUT_MS, 5 s  |
 * |   RECOMMEND_FALLBACK_MS, 1 s, kept for a fallback answer)    |                            |
 * | `read`: every other route                                    | READ_DEADLINE_MS, 5 s      |
 *
 * A rating is worth waiting longer for than a list: the user clicked it and expects it kept.
 */
export type DeadlineKind = 'write' | 'recommend' | 'read';

/**
 * How long an attempt to open a Postgres connection may wait for a server that accepted it and
 * does not answer (stopped, hung host) before it is given up and another is tried. Requests do
 * not wait this long (they wait for a connection until their deadline); the attempt does, so that
 * it is there, first in the server's queue, when the server runs again. Attempts given up sooner
 * (it was 2 s) piled up in a stopped server's queue of connections, a few a second, and after a
 * 30 s pause it worked through all of them before the live ones: the first success came up to
 * seconds after its return.
 */
export const DB_CONNECT_TIMEOUT_MS = 60_000;
/** How long a new Redis connection may take to open before it is tried again. */
export const REDIS_CONNECT_TIMEOUT_MS = 2_000;

const ms = (fallback: number) => z.coerce.number().int().min(100).max(120_000).default(fallback);

export const deadlinesEnvShape = {
  WRITE_DEADLINE_MS: ms(8_000),
  READ_DEADLINE_MS: ms(5_000),
  RECOMMEND_TIMEOUT_MS: ms(RECOMMEND_DEADLINE_MS),
  /**
   * The last part of RECOMMEND_TIMEOUT_MS, kept for answering from the user's last list or the
   * popular movies when the recommender has not answered by then.
   */
  RECOMMEND_FALLBACK_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
};

type DeadlinesEnv = {
  [K in keyof typeof deadlinesEnvShape]: z.output<(typeof deadlinesEnvShape)[K]>;
};

export interface DeadlinesConfig {
  /** Milliseconds per kind of route. */
  write: number;
  read: number;
  recommend: number;
  /** The part of `recommend` kept for a fallback answer (less than `recommend`). */
  recommendFallbackMs: number;
  /**
   * What no single Postgres query or Redis command may exceed: the longest deadline. A server
   * that stopped answering (SIGSTOP, a dead peer) then frees the connection, and the pool or
   * client opens a new one once the server is back.
   */
  commandTimeoutMs: number;
}

/** Issues for the env schema's check(): the fallback part must leave time for the model. */
export function deadlineProblems(env: {
  RECOMMEND_TIMEOUT_MS?: unknown;
  RECOMMEND_FALLBACK_MS?: unknown;
}): { path: string; input: unknown; message: string }[] {
  const { RECOMMEND_TIMEOUT_MS: total, RECOMMEND_FALLBACK_MS: fallback } = env;
  if (typeof total === 'number' && typeof fallback === 'number' && fallback >= total) {
    const message = 'must be less than RECOMMEND_TIMEOUT_MS';
    return [{ path: 'RECOMMEND_FALLBACK_MS', input: fallback, message }];
  }
  return [];
}

export function deadlinesFrom(env: DeadlinesEnv): DeadlinesConfig {
  return {
    write: env.WRITE_DEADLINE_MS,
    read: env.READ_DEADLINE_MS,
    recommend: env.RECOMMEND_TIMEOUT_MS,
    recommendFallbackMs: env.RECOMMEND_FALLBACK_MS,
    commandTimeoutMs: Math.max(
      env.WRITE_DEADLINE_MS,
      env.READ_DEADLINE_MS,
      env.RECOMMEND_TIMEOUT_MS,
    ),
  };
}
