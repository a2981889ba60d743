import { z } from 'zod';
import { ratingValue } from './ratings';
import { MAX_DECADE, MIN_DECADE, MOVIELENS_GENRES } from './movies';
import {
  MAX_TRAIN_EPOCHS,
  type ModelMetrics,
  type TrainJobProgress,
  type TrainJobResult,
  movieId,
} from './jobs';

/** The HTTP API between the web and the gateway. */
export interface Movie {
  id: number;
  title: string;
  year: number | null;
  genres: string[];
  posterUrl: string | null;
}

export interface MovieSampleResponse {
  movies: Movie[];
}

export interface RatingResponse {
  movieId: number;
  rating: number;
}

export interface RatedMovie {
  movie: Movie;
  rating: number;
  ratedAt: string;
}

export interface RatingsListResponse {
  ratings: RatedMovie[];
}

export interface SkipResponse {
  /** Another movie to show in the skipped one's place; null when none is left. */
  replacement: Movie | null;
}

/**
 * "Because you rated X": a movie the user liked (rated LIKED_RATING or more) that is among the
 * recommended movie's strongest co-rating neighbours in the model (people who rated one rated
 * the other alike); the closest, unless one nearly as close has been cited less in the same
 * answer (see MovieSimilarity.explain in @marquee/ncf).
 */
export interface RatedMovieReason {
  kind: 'rated';
  movie: Pick<Movie, 'id' | 'title' | 'year'>;
  /** The user's rating of that movie: LIKED_RATING or more. */
  rating: number;
  /** Their co-rating similarity, in (0, 1]. */
  similarity: number;
}

/**
 * "Popular with people who rate like you": the user liked at least one movie, but none of them
 * is among this movie's strongest co-rating neighbours, so no single movie explains it.
 */
export interface TasteReason {
  kind: 'taste';
}

export type RecommendationReason = RatedMovieReason | TasteReason;

export interface Recommendation {
  movie: Movie;
  predictedRating: number;
  /** null when the user has liked no movie yet (nothing rated LIKED_RATING or more). */
  reason: RecommendationReason | null;
}

/**
 * Where a list of recommendations came from. `model`: the recommender answered this request.
 * When it cannot answer within the route's deadline (no replica, the queue's store down), the
 * gateway answers from what it already knows, and says so: `last`, the user's last list from the
 * model (`at`: when it was made, ISO 8601; movies rated or skipped since are left out; when fewer
 * than asked are left, the last `popular` items are popular movies that fill the list), or, with
 * no such list, `popular`, the most-rated movies the user has not rated or skipped.
 */
export type RecommendationSource =
  { kind: 'model' } | { kind: 'last'; at: string; popular: number } | { kind: 'popular' };

export interface RecommendationsResponse {
  /** The model version that ranked the list; null for a `popular` fallback. */
  modelVersion: number | null;
  /** The recommender replica that answered; null for a fallback. */
  replica: string | null;
  source: RecommendationSource;
  items: Recommendation[];
}

export interface ApiError {
  statusCode: number;
  error: string;
  /** A stable machine-readable code for errors the service raises on purpose (e.g. NO_MODEL). */
  code?: string;
  message: string;
  /** One line per invalid field, for validation errors. */
  details?: string[];
  /** TRAIN_IN_PROGRESS: the train job already waiting or running (poll it instead). */
  jobId?: string;
}

/**
 * A number in a path or query string, in plain decimal only: Number() would also read "0x10",
 * "1e3", " 1", "+1" and "01", so `/api/ratings/0x10` would rate movie 16.
 */
const PLAIN_DECIMAL = /^-?(0|[1-9]\d*)(\.\d+)?$/;
export const decimalParam = (name: string) =>
  z
    .string({ error: `${name} must be a number` })
    .regex(PLAIN_DECIMAL, `${name} must be a number`)
    .transform(Number);

const countParam = (fallback: number, max: number) =>
  decimalParam('count')
    .pipe(
      z
        .number()
        .int('count must be an integer')
        .min(1, 'count must be at least 1')
        .max(max, `count must be at most ${max}`),
    )
    .default(fallback);

export const sampleQuery = z.strictObject({ count: countParam(12, 50) });

const genreParam = z.enum(MOVIELENS_GENRES, {
  error: (issue) =>
    typeof issue.input === 'string'
      ? `genre ${JSON.stringify(issue.input.slice(0, 40))} is not a genre; use one of ${MOVIELENS_GENRES.join(', ')}`
      : 'genre must be one genre name',
});

const decadeParam = z
  .string({ error: 'decade must be a year ending in 0, like 1990' })
  .regex(/^\d{4}$/, 'decade must be a year ending in 0, like 1990')
  .transform(Number)
  .pipe(
    z
      .number()
      .multipleOf(10, 'decade must be a year ending in 0, like 1990')
      .min(MIN_DECADE, `decade must be ${MIN_DECADE} or later`)
      .max(MAX_DECADE, `decade must be ${MAX_DECADE} or earlier`),
  );

export const recommendationsQuery = z.strictObject({
  count: countParam(10, 30),
  genre: genreParam.optional().describe('Only films of this genre'),
  decade: decadeParam
    .optional()
    .describe('Only films released in this decade: 1990 for 1990 to 1999'),
});

export const movieIdParam = decimalParam('movieId').pipe(
  z
    .number()
    .int('movieId must be an integer')
    .positive('movieId must be positive')
    .max(2_147_483_647, 'movieId is too large'),
);

export const ratingBody = z.strictObject({ rating: ratingValue });
export type RatingBody = z.infer<typeof ratingBody>;

export const skipBody = z.strictObject({ movieId });
export type SkipBody = z.infer<typeof skipBody>;

/* ---- Controls on recommendations: "not interested" and the watchlist ---- */

/** A movie on the user's watchlist (saved to watch later), with when it was added (ISO 8601). */
export interface WatchlistItem {
  movie: Movie;
  addedAt: string;
}

/** GET /api/watchlist: the user's watchlist, most recently added first. */
export interface WatchlistResponse {
  items: WatchlistItem[];
}

/** A movie the user marked "not interested": never recommended again until undone. */
export interface NotInterestedItem {
  movie: Movie;
  markedAt: string;
}

/** GET /api/not-interested: the movies marked "not interested", most recent first. */
export interface NotInterestedResponse {
  items: NotInterestedItem[];
}

/* ---- A page per film ---- */

/**
 * GET /api/movies/:movieId: the film and where it stands for this user: their rating (null when
 * not rated) and the list it is on, if any (a film is on at most one).
 */
export interface MovieDetailsResponse {
  movie: Movie;
  rating: number | null;
  list: 'watchlist' | 'not-interested' | null;
}

/** A film among another's co-rating neighbours: people who liked one tend to like the other. */
export interface SimilarMovie {
  movie: Movie;
  /** Co-rating similarity, in (0, 1]. */
  similarity: number;
}

/**
 * GET /api/movies/:movieId/for-me: what the model says about the film for this user. 'ready':
 * its predicted rating (null when the model does not know the film) and the film's most similar
 * films; 'unavailable': the recommender could not answer (no model yet, busy, unreachable), with
 * a message for the user. Never an error for that: the film's page shows without it.
 */
export type MovieForMeResponse =
  | {
      status: 'ready';
      modelVersion: number;
      predictedRating: number | null;
      similar: SimilarMovie[];
    }
  | {
      status: 'unavailable';
      reason: MovieForMeUnavailableReason;
      message: string;
    };

export const MOVIE_FOR_ME_UNAVAILABLE_REASONS = [
  'NO_MODEL',
  'RECOMMEND_TIMEOUT',
  'QUEUE_UNAVAILABLE',
  'RECOMMENDER_FAILED',
] as const;
export type MovieForMeUnavailableReason = (typeof MOVIE_FOR_ME_UNAVAILABLE_REASONS)[number];

/** How many similar films a film's page lists. */
export const SIMILAR_MOVIES_COUNT = 8;

/** GET /api/movies/search?q=&limit= : movies whose title matches, best match first. */
export interface MovieSearchResponse {
  query: string;
  movies: Movie[];
}

export const MOVIE_SEARCH_MAX_QUERY = 100;
export const movieSearchQuery = z.strictObject({
  q: z
    .string({ error: 'q is required' })
    .trim()
    .min(1, { error: 'q must not be empty', abort: true })
    .max(MOVIE_SEARCH_MAX_QUERY, `q must be at most ${MOVIE_SEARCH_MAX_QUERY} characters`)
    .refine((q) => /[\p{L}\p{N}]/u.test(q), 'q must contain a letter or a digit'),
  limit: decimalParam('limit')
    .pipe(
      z
        .number()
        .int('limit must be an integer')
        .min(1, 'limit must be at least 1')
        .max(50, 'limit must be at most 50'),
    )
    .default(20),
});

/**
 * POST /api/profile/reset: a new anonymous identity (new cookie). The old profile's ratings and
 * skips are deleted.
 */
export interface ProfileResetResponse {
  deleted: { ratings: number; skips: number };
}

/** How many movies the page asks a user to rate before it shows recommendations. */
export const MIN_RATINGS_FOR_RECOMMENDATIONS = 5;
/**
 * Movies with fewer training ratings than this are not recommended (the recommender's
 * RECOMMEND_MIN_RATINGS by default; the lab ranks with it too): a movie one person gave 5 stars
 * scores high on little evidence, and would fill the top 30 with movies almost nobody knows.
 */
export const DEFAULT_RECOMMEND_MIN_RATINGS = 10;

/* ---- Admin and model registry API ---- */

/** POST /api/admin/models/train answers 202 with the id of the train job it queued. */
export interface AdminTrainResponse {
  jobId: string;
}

/** The optional body of POST /api/admin/models/train. */
export const adminTrainBody = z.strictObject({
  epochs: z
    .number({ error: 'epochs must be a number' })
    .int('epochs must be an integer')
    .min(1, 'epochs must be at least 1')
    .max(MAX_TRAIN_EPOCHS, `epochs must be at most ${MAX_TRAIN_EPOCHS}`)
    .optional(),
});
export type AdminTrainBody = z.infer<typeof adminTrainBody>;

/** A BullMQ job id as it appears in a path: letters, digits, '-' and '_'. */
export const trainJobIdParam = z
  .string()
  .min(1, 'jobId must not be empty')
  .max(100, 'jobId must be at most 100 characters')
  .regex(/^[A-Za-z0-9_-]+$/, 'jobId may contain only letters, digits, "-" and "_"');

/** The BullMQ states a train job can be seen in. */
export const TRAIN_JOB_STATES = [
  'waiting',
  'prioritized',
  'delayed',
  'waiting-children',
  'active',
  'completed',
  'failed',
] as const;
export type TrainJobState = (typeof TRAIN_JOB_STATES)[number];

/** GET /api/admin/train/:jobId */
export interface TrainStatusResponse {
  jobId: string;
  state: TrainJobState;
  /** The trainer's last reported epoch; null until it reports one. */
  progress: TrainJobProgress | null;
  /** Set once the job has completed. */
  result: TrainJobResult | null;
  /** Set once the job has failed. */
  failedReason: string | null;
}

/** The registry's statuses (model_versions.status), spelled as the registry spells them. */
export const MODEL_VERSION_STATUSES = ['TRAINING', 'READY', 'ACTIVE', 'FAILED', 'RETIRED'] as const;
export type ModelVersionStatus = (typeof MODEL_VERSION_STATUSES)[number];
/**
 * How a FAILED version's failure reason starts when its trainer stopped before finishing it
 * (killed, or its machine gone): the next trainer marks it so, instead of leaving it TRAINING.
 */
export const INTERRUPTED_REASON = 'interrupted';

/** The training data a version saw: how many ratings, and the newest one's time (ISO 8601). */
export const modelDataSnapshot = z.object({
  ratings: z.number().int().nonnegative(),
  newestRatedAt: z.string().nullable(),
});
export type ModelDataSnapshot = z.infer<typeof modelDataSnapshot>;

/** One model version as the API shows it (never its artifact bytes). */
export interface ModelVersionSummary {
  version: number;
  status: ModelVersionStatus;
  /** True for the one version replicas serve. */
  active: boolean;
  /** ISO 8601 timestamps. */
  createdAt: string;
  readyAt: string | null;
  activatedAt: string | null;
  /** sha256 of the artifact; null until the version is published. */
  checksum: string | null;
  /** Validation figures; null until the version is published. */
  metrics: ModelMetrics | null;
  /** What the version was trained on; null until the version is published. */
  dataSnapshot: ModelDataSnapshot | null;
  /** Why a FAILED version failed. */
  failureReason: string | null;
  /** Why it was or was not made active (the activation margin rule, or an admin's pin). */
  activationReason: string | null;
}

/* ---- Live training events: GET /api/admin/train/events (Server-Sent Events) ---- */

/** POST /api/admin/session sets this httpOnly cookie, which the event stream accepts. */
export const ADMIN_SESSION_COOKIE = 'marquee_admin';

/**
 * One `data:` line of the train event stream (JSON). `snapshot` comes first on every
 * connection: the train job waiting or running then (null when none) and the epochs the
 * gateway has seen of it; the other events follow the train queue as they happen.
 */
export type TrainEvent =
  | { type: 'snapshot'; job: TrainStatusResponse | null; history: TrainJobProgress[] }
  | { type: 'queued'; jobId: string }
  | { type: 'active'; jobId: string }
  | { type: 'progress'; jobId: string; progress: TrainJobProgress }
  | { type: 'completed'; jobId: string; result: TrainJobResult | null }
  | { type: 'failed'; jobId: string; failedReason: string };
export type TrainEventType = TrainEvent['type'];

/** GET /api/models: every version, newest first. */
export interface ModelsResponse {
  versions: ModelVersionSummary[];
}

/** The train job one progress report describes: queued for the trainer, or training. */
export const PUBLIC_TRAINING_STATES = ['waiting', 'active'] as const;

/**
 * GET /api/models/training: the train job waiting or running now, for anyone (no token): where
 * it is in its epochs, never its loss figures. `training` is null while the trainer is idle.
 */
export const trainingProgressResponse = z.strictObject({
  training: z
    .strictObject({
      jobId: z.string().min(1),
      state: z.enum(PUBLIC_TRAINING_STATES),
      /** The registry version being trained; null until the trainer has created it. */
      version: z.number().int().positive().nullable(),
      /** Epochs finished; 0 until the first one is. */
      epoch: z.number().int().nonnegative(),
      /** Epochs planned; null when unknown (a queued job that leaves it to the trainer). */
      totalEpochs: z.number().int().positive().nullable(),
      /** Share of the planned epochs done, 0 to 99 (100 is a finished job, which is not shown). */
      percent: z.number().int().min(0).max(99),
      /** ISO 8601: when the job was queued, and when the trainer took it (null while queued). */
      queuedAt: z.iso.datetime(),
      startedAt: z.iso.datetime().nullable(),
    })
    .nullable(),
});
export type TrainingProgressResponse = z.infer<typeof trainingProgressResponse>;
export type PublicTrainingProgress = NonNullable<TrainingProgressResponse['training']>;

/** A model version number in a path. */
export const modelVersionParam = decimalParam('version').pipe(
  z
    .number()
    .int('version must be an integer')
    .positive('version must be positive')
    .max(2_147_483_647, 'version is too large'),
);
