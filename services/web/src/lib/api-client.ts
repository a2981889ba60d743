import type {
  ApiError,
  ImportPreviewResponse,
  ImportRequest,
  ImportResponse,
  ModelsResponse,
  MovieDetailsResponse,
  MovieForMeResponse,
  MovieSampleResponse,
  MovieSearchResponse,
  NotInterestedResponse,
  ProfileResetResponse,
  RatingResponse,
  RatingsListResponse,
  RecommendationFilter,
  RecommendationsResponse,
  SkipResponse,
  TrainingProgressResponse,
  WatchlistResponse,
} from '@marquee/contracts';
import { RECOMMENDATION_COUNT, SAMPLE_SIZE, SEARCH_LIMIT } from './constants';

/** Status used for failures where no HTTP response arrived (offline, refused, timed out). */
export const NETWORK_ERROR_STATUS = 0;

/** A failed API call: the server's status and message, or status 0 when nothing came back. */
export class ApiClientError extends Error {
  override readonly name = 'ApiClientError';

  constructor(
    readonly status: number,
    message: string,
    readonly error?: string,
    readonly details?: string[],
    /** The gateway's stable error code (e.g. RATING_NOT_FOUND), when it sent one. */
    readonly code?: string,
    /** How long the server asked the client to wait (its Retry-After header), in ms. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }

  get isNetworkError(): boolean {
    return this.status === NETWORK_ERROR_STATUS;
  }
}

export interface ApiClientOptions {
  /** Prefix for every path; '' (same origin) in the browser, an absolute origin elsewhere. */
  baseUrl?: string;
  /** Give up on a request after this long. */
  timeoutMs?: number;
}

export interface ApiClient {
  getMovieSample(count?: number): Promise<MovieSampleResponse>;
  getRatings(): Promise<RatingsListResponse>;
  /** A film, with the user's rating of it and the list it is on. */
  getMovie(movieId: number): Promise<MovieDetailsResponse>;
  /** The model's predicted rating of a film for the user and the films most like it. */
  getMovieForMe(movieId: number): Promise<MovieForMeResponse>;
  rateMovie(movieId: number, rating: number): Promise<RatingResponse>;
  deleteRating(movieId: number): Promise<void>;
  skipMovie(movieId: number): Promise<SkipResponse>;
  /** The model's list, limited to a genre and/or a decade when `filter` says so. */
  getRecommendations(
    count?: number,
    filter?: RecommendationFilter,
  ): Promise<RecommendationsResponse>;
  /** "Not interested": the movie is never recommended again (until undone). */
  markNotInterested(movieId: number): Promise<void>;
  undoNotInterested(movieId: number): Promise<void>;
  getNotInterested(): Promise<NotInterestedResponse>;
  getWatchlist(): Promise<WatchlistResponse>;
  addToWatchlist(movieId: number): Promise<void>;
  removeFromWatchlist(movieId: number): Promise<void>;
  /** Rejects with the signal's reason (an AbortError) when `signal` aborts first. */
  searchMovies(
    query: string,
    options?: { limit?: number; signal?: AbortSignal },
  ): Promise<MovieSearchResponse>;
  /** A fresh anonymous profile: the gateway deletes this one and sets a new cookie. */
  resetProfile(): Promise<ProfileResetResponse>;
  /** Reads and matches a ratings file (IMDb, Letterboxd, this site's export); writes nothing. */
  previewImport(body: ImportRequest): Promise<ImportPreviewResponse>;
  /** Imports the same file: everything its preview showed, or nothing. */
  confirmImport(body: ImportRequest): Promise<ImportResponse>;
  getModels(): Promise<ModelsResponse>;
  /** The train job waiting or running now (epochs done of planned), or null. */
  getTrainingProgress(): Promise<TrainingProgressResponse>;
}

/** True for the rejection of a request its caller aborted (not a failure to report). */
export function isAbortError(err: unknown): boolean {
  return (
    typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'AbortError'
  );
}

const DEFAULT_TIMEOUT_MS = 30_000;

export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  const baseUrl = (options.baseUrl ?? '').replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  async function request<T>(
    method: string,
    path: string,
    body?: unknown,
    signal?: AbortSignal,
  ): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';

    let response: Response;
    try {
      response = await fetch(`${baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'same-origin',
        cache: 'no-store',
        signal: signal
          ? AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)])
          : AbortSignal.timeout(timeoutMs),
      });
    } catch (cause) {
      if (signal?.aborted) throw signal.reason;
      throw networkError(cause);
    }

    if (!response.ok) throw await errorFromResponse(response);
    if (response.status === 204) return undefined as T;
    try {
      return (await response.json()) as T;
    } catch (_cause) {
      throw new ApiClientError(
        response.status,
        'The server sent a response the page could not read.',
      );
    }
  }

  return {
    getMovieSample: (count = SAMPLE_SIZE) =>
      request<MovieSampleResponse>('GET', `/api/movies/sample?count=${count}`),
    getRatings: () => request<RatingsListResponse>('GET', '/api/ratings'),
    getMovie: (movieId) => request<MovieDetailsResponse>('GET', `/api/movies/${movieId}`),
    getMovieForMe: (movieId) => request<MovieForMeResponse>('GET', `/api/movies/${movieId}/for-me`),
    rateMovie: (movieId, rating) =>
      request<RatingResponse>('PUT', `/api/ratings/${movieId}`, { rating }),
    deleteRating: (movieId) => request<void>('DELETE', `/api/ratings/${movieId}`),
    skipMovie: (movieId) => request<SkipResponse>('POST', '/api/skips', { movieId }),
    getRecommendations: (count = RECOMMENDATION_COUNT, filter = {}) =>
      request<RecommendationsResponse>(
        'GET',
        `/api/recommendations?${recommendationsQuery(count, filter)}`,
      ),
    markNotInterested: (movieId) => request<void>('PUT', `/api/not-interested/${movieId}`),
    undoNotInterested: (movieId) => request<void>('DELETE', `/api/not-interested/${movieId}`),
    getNotInterested: () => request<NotInterestedResponse>('GET', '/api/not-interested'),
    getWatchlist: () => request<WatchlistResponse>('GET', '/api/watchlist'),
    addToWatchlist: (movieId) => request<void>('PUT', `/api/watchlist/${movieId}`),
    removeFromWatchlist: (movieId) => request<void>('DELETE', `/api/watchlist/${movieId}`),
    searchMovies: (query, { limit = SEARCH_LIMIT, signal } = {}) =>
      request<MovieSearchResponse>(
        'GET',
        `/api/movies/search?${new URLSearchParams({ q: query, limit: String(limit) })}`,
        undefined,
        signal,
      ),
    resetProfile: () => request<ProfileResetResponse>('POST', '/api/profile/reset'),
    previewImport: (body) => request<ImportPreviewResponse>('POST', '/api/imports/preview', body),
    confirmImport: (body) => request<ImportResponse>('POST', '/api/imports', body),
    getModels: () => request<ModelsResponse>('GET', '/api/models'),
    getTrainingProgress: () => request<TrainingProgressResponse>('GET', '/api/models/training'),
  };
}

/** The query of GET /api/recommendations: the count, and the filter's parts that are set. */
export function recommendationsQuery(count: number, filter: RecommendationFilter): string {
  const query = new URLSearchParams({ count: String(count) });
  if (filter.genre !== undefined) query.set('genre', filter.genre);
  if (filter.decade !== undefined) query.set('decade', String(filter.decade));
  return query.toString();
}

/** The client the page uses: same origin, where Next.js forwards /api to the gateway. */
export const api: ApiClient = createApiClient();

function networkError(cause: unknown): ApiClientError {
  // AbortSignal.timeout() rejects with a DOMException named TimeoutError (not always an
  // `instanceof Error` across realms), so look at the name only.
  const timedOut =
    typeof cause === 'object' &&
    cause !== null &&
    (cause as { name?: unknown }).name === 'TimeoutError';
  return new ApiClientError(
    NETWORK_ERROR_STATUS,
    timedOut
      ? 'The server took too long to answer. Please try again.'
      : 'Could not reach the server. Check your connection and try again.',
  );
}

async function errorFromResponse(response: Response): Promise<ApiClientError> {
  let text = '';
  try {
    text = await response.text();
  } catch (_cause) {
    // The body is only used for a better message; the status alone still describes the failure.
  }
  const body = parseApiError(text);
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
  if (body) {
    return new ApiClientError(
      response.status,
      body.message,
      body.error,
      body.details,
      body.code,
      retryAfterMs,
    );
  }
  return new ApiClientError(
    response.status,
    `Something went wrong on the server (HTTP ${response.status}). Please try again.`,
    undefined,
    undefined,
    undefined,
    retryAfterMs,
  );
}

/** A Retry-After header (delay in seconds, or an HTTP date) in ms from now; undefined if absent. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

type ParsedApiError = Pick<ApiError, 'message'> &
  Partial<Pick<ApiError, 'error' | 'details' | 'code'>>;

function parseApiError(text: string): ParsedApiError | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (_cause) {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const record = parsed as Record<string, unknown>;
  // NestJS's own validation errors put a list in `message`; the gateway's ApiError uses a string.
  const message = Array.isArray(record.message)
    ? record.message.filter((m): m is string => typeof m === 'string').join('; ')
    : record.message;
  if (typeof message !== 'string' || message === '') return null;
  return {
    message,
    error: typeof record.error === 'string' ? record.error : undefined,
    details: Array.isArray(record.details)
      ? record.details.filter((d): d is string => typeof d === 'string')
      : undefined,
    code: typeof record.code === 'string' ? record.code : undefined,
  };
}
