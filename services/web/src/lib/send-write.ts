import type { ApiClient } from './api-client';
import { ApiClientError } from './api-client';
import type { PendingWrite, WriteFailure, WriteResponse } from './pending-writes';

/** Sends one queued write through the API client. */
export async function sendWrite(
  client: Pick<ApiClient, 'rateMovie' | 'deleteRating' | 'skipMovie'>,
  write: PendingWrite,
): Promise<WriteResponse> {
  switch (write.kind) {
    case 'rate':
      await client.rateMovie(write.movie.id, write.rating);
      return null;
    case 'unrate':
      try {
        await client.deleteRating(write.movie.id);
      } catch (err) {
        // Already gone is what was asked: an earlier attempt may have landed without its answer
        // reaching the page, or the rating it removes was itself never sent.
        if (!(err instanceof ApiClientError && err.code === 'RATING_NOT_FOUND')) throw err;
      }
      return null;
    case 'skip':
      return client.skipMovie(write.movie.id);
  }
}

/** Statuses after which the same request may well succeed: the gateway or the network was down. */
const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([0, 408, 425, 429]);

export function isTransientStatus(status: number): boolean {
  return TRANSIENT_STATUSES.has(status) || status >= 500;
}

/** Whether a failed write is retried by itself, and what to tell the user. */
export function classifyWriteError(err: unknown): WriteFailure {
  if (err instanceof ApiClientError) {
    return {
      transient: isTransientStatus(err.status),
      message: err.message,
      retryAfterMs: err.retryAfterMs,
    };
  }
  return {
    transient: false,
    message: err instanceof Error && err.message ? err.message : 'Could not save this change.',
  };
}
