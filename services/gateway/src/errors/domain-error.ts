import type { ApiError } from '@marquee/contracts';

/** Every error the gateway answers on purpose, with the HTTP status it maps to. */
export const ERROR_STATUS = {
  VALIDATION: 400,
  UNAUTHORIZED: 401,
  INVALID_CREDENTIALS: 401,
  NOT_SIGNED_IN: 401,
  WRONG_PASSWORD: 403,
  USERNAME_TAKEN: 409,
  ALREADY_SIGNED_IN: 409,
  MALFORMED_BODY: 400,
  UNSUPPORTED_CONTENT_TYPE: 400,
  PAYLOAD_TOO_LARGE: 413,
  MALFORMED_FILE: 400,
  TOO_MANY_ROWS: 413,
  RATE_LIMITED: 429,
  HEADERS_TOO_LARGE: 431,
  MOVIE_NOT_FOUND: 404,
  RATING_NOT_FOUND: 404,
  NOT_INTERESTED_NOT_FOUND: 404,
  WATCHLIST_ENTRY_NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  MODEL_NOT_FOUND: 404,
  TRAIN_JOB_NOT_FOUND: 404,
  MODEL_NOT_READY: 409,
  TRAIN_IN_PROGRESS: 409,
  ADMIN_DISABLED: 503,
  NO_MODEL: 503,
  NOT_READY: 503,
  QUEUE_UNAVAILABLE: 503,
  DATABASE_UNAVAILABLE: 503,
  SIGNIN_UNAVAILABLE: 503,
  RECOMMEND_TIMEOUT: 504,
  RECOMMENDER_FAILED: 502,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/**
 * Seconds a client should wait before trying again (the Retry-After header), for the errors of
 * a store that did not answer within the route's deadline: an outage that outlived the deadline
 * usually lasts a while longer.
 */
export const RETRY_AFTER_SECONDS: Partial<Record<ErrorCode, number>> = {
  DATABASE_UNAVAILABLE: 5,
  QUEUE_UNAVAILABLE: 5,
  SIGNIN_UNAVAILABLE: 5,
};

/** An expected failure with a stable code; the exception filter turns it into an ApiError. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: string[],
    /** Extra fields of the ApiError body, e.g. the conflicting jobId. */
    readonly extra?: Pick<ApiError, 'jobId'>,
    /** Retry-After (seconds) of this error, instead of its code's (RETRY_AFTER_SECONDS). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

/** Postgres is down, restarting, or did not answer within the request's deadline. */
export function databaseUnavailable(): DomainError {
  return new DomainError(
    'DATABASE_UNAVAILABLE',
    'The database is unavailable right now. Try again shortly.',
  );
}
