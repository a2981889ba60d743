import { z } from 'zod';
import {
  type AdminTrainResponse,
  type ApiError,
  type Movie,
  type MovieDetailsResponse,
  type MovieForMeResponse,
  type MovieSampleResponse,
  type MovieSearchResponse,
  type ModelVersionSummary,
  type NotInterestedItem,
  type NotInterestedResponse,
  type ModelsResponse,
  type ProfileResetResponse,
  type RatedMovie,
  type RatingResponse,
  type RatingsListResponse,
  type Recommendation,
  type RecommendationsResponse,
  type SimilarMovie,
  type SkipResponse,
  type TrainEvent,
  type TrainStatusResponse,
  type WatchlistItem,
  type WatchlistResponse,
  MODEL_VERSION_STATUSES,
  MOVIE_FOR_ME_UNAVAILABLE_REASONS,
  TRAIN_JOB_STATES,
  modelDataSnapshot,
} from './api';
import { modelMetrics, trainJobProgress, trainJobResult } from './jobs';

/*
 * The gateway's answers as zod schemas, for its OpenAPI document. The TypeScript interfaces in
 * api.ts stay the types the code uses; the checks at the end of this file fail to compile when
 * a schema and its interface differ.
 */

const int = z.number().int();
const isoTime = z.string().describe('ISO 8601 timestamp');

export const movie = z.strictObject({
  id: int,
  title: z.string(),
  year: int.nullable(),
  genres: z.array(z.string()),
  posterUrl: z.string().nullable(),
});

export const movieSampleResponse = z.strictObject({ movies: z.array(movie) });

export const movieSearchResponse = z.strictObject({ query: z.string(), movies: z.array(movie) });

export const ratingResponse = z.strictObject({ movieId: int, rating: z.number() });

export const ratedMovie = z.strictObject({ movie, rating: z.number(), ratedAt: isoTime });

export const ratingsListResponse = z.strictObject({ ratings: z.array(ratedMovie) });

export const skipResponse = z.strictObject({
  replacement: movie.nullable().describe('Another film in its place; null when none is left'),
});

export const watchlistItem = z.strictObject({ movie, addedAt: isoTime });

export const watchlistResponse = z.strictObject({ items: z.array(watchlistItem) });

export const notInterestedItem = z.strictObject({ movie, markedAt: isoTime });

export const notInterestedResponse = z.strictObject({ items: z.array(notInterestedItem) });

export const recommendationReason = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('rated'),
    movie: movie.pick({ id: true, title: true, year: true }),
    rating: z.number(),
    similarity: z.number(),
  }),
  z.strictObject({ kind: z.literal('taste') }),
]);

export const recommendation = z.strictObject({
  movie,
  predictedRating: z.number(),
  reason: recommendationReason.nullable(),
});

export const recommendationSource = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('model') }),
  z.strictObject({ kind: z.literal('last'), at: isoTime, popular: int }),
  z.strictObject({ kind: z.literal('popular') }),
]);

export const recommendationsResponse = z.strictObject({
  modelVersion: int.nullable(),
  replica: z.string().nullable(),
  source: recommendationSource,
  items: z.array(recommendation),
});

export const movieDetailsResponse = z.strictObject({
  movie,
  rating: z.number().nullable().describe("The user's rating; null when not rated"),
  list: z
    .enum(['watchlist', 'not-interested'])
    .nullable()
    .describe('The list the film is on for this user, if any'),
});

export const similarMovie = z.strictObject({
  movie,
  similarity: z.number().describe('Co-rating similarity, in (0, 1]'),
});

export const movieForMeResponse = z.discriminatedUnion('status', [
  z.strictObject({
    status: z.literal('ready'),
    modelVersion: int,
    predictedRating: z
      .number()
      .nullable()
      .describe(
        "The model's guess of the user's rating; null when the model does not know the film",
      ),
    similar: z.array(similarMovie),
  }),
  z.strictObject({
    status: z.literal('unavailable'),
    reason: z.enum(MOVIE_FOR_ME_UNAVAILABLE_REASONS),
    message: z.string(),
  }),
]);

export const profileResetResponse = z.strictObject({
  deleted: z.strictObject({ ratings: int, skips: int }),
});

export const apiError = z.strictObject({
  statusCode: int,
  error: z.string(),
  code: z.string().optional().describe('A stable machine-readable code, e.g. NO_MODEL'),
  message: z.string(),
  details: z.array(z.string()).optional().describe('One line per invalid field'),
  jobId: z.string().optional().describe('TRAIN_IN_PROGRESS: the train job already queued'),
});

export const adminTrainResponse = z.strictObject({ jobId: z.string() });

export const trainStatusResponse = z.strictObject({
  jobId: z.string(),
  state: z.enum(TRAIN_JOB_STATES),
  progress: trainJobProgress.nullable(),
  result: trainJobResult.nullable(),
  failedReason: z.string().nullable(),
});

export const modelVersionSummary = z.strictObject({
  version: int,
  status: z.enum(MODEL_VERSION_STATUSES),
  active: z.boolean(),
  createdAt: isoTime,
  readyAt: isoTime.nullable(),
  activatedAt: isoTime.nullable(),
  checksum: z.string().nullable(),
  metrics: modelMetrics.nullable(),
  dataSnapshot: modelDataSnapshot.nullable(),
  failureReason: z.string().nullable(),
  activationReason: z.string().nullable(),
});

export const modelsResponse = z.strictObject({ versions: z.array(modelVersionSummary) });

/** One `data:` line of GET /api/admin/train/events. */
export const trainEvent = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('snapshot'),
    job: trainStatusResponse.nullable(),
    history: z.array(trainJobProgress),
  }),
  z.strictObject({ type: z.literal('queued'), jobId: z.string() }),
  z.strictObject({ type: z.literal('active'), jobId: z.string() }),
  z.strictObject({ type: z.literal('progress'), jobId: z.string(), progress: trainJobProgress }),
  z.strictObject({
    type: z.literal('completed'),
    jobId: z.string(),
    result: trainJobResult.nullable(),
  }),
  z.strictObject({ type: z.literal('failed'), jobId: z.string(), failedReason: z.string() }),
]);

/* Compile-time checks: each schema describes exactly its interface. */
type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;
type _ApiSchemasMatchTheirTypes = [
  Assert<Equal<z.output<typeof movie>, Movie>>,
  Assert<Equal<z.output<typeof movieSampleResponse>, MovieSampleResponse>>,
  Assert<Equal<z.output<typeof movieSearchResponse>, MovieSearchResponse>>,
  Assert<Equal<z.output<typeof ratingResponse>, RatingResponse>>,
  Assert<Equal<z.output<typeof ratedMovie>, RatedMovie>>,
  Assert<Equal<z.output<typeof ratingsListResponse>, RatingsListResponse>>,
  Assert<Equal<z.output<typeof skipResponse>, SkipResponse>>,
  Assert<Equal<z.output<typeof watchlistItem>, WatchlistItem>>,
  Assert<Equal<z.output<typeof watchlistResponse>, WatchlistResponse>>,
  Assert<Equal<z.output<typeof notInterestedItem>, NotInterestedItem>>,
  Assert<Equal<z.output<typeof notInterestedResponse>, NotInterestedResponse>>,
  Assert<Equal<z.output<typeof recommendation>, Recommendation>>,
  Assert<Equal<z.output<typeof recommendationsResponse>, RecommendationsResponse>>,
  Assert<Equal<z.output<typeof movieDetailsResponse>, MovieDetailsResponse>>,
  Assert<Equal<z.output<typeof similarMovie>, SimilarMovie>>,
  Assert<Equal<z.output<typeof movieForMeResponse>, MovieForMeResponse>>,
  Assert<Equal<z.output<typeof profileResetResponse>, ProfileResetResponse>>,
  Assert<Equal<z.output<typeof apiError>, ApiError>>,
  Assert<Equal<z.output<typeof adminTrainResponse>, AdminTrainResponse>>,
  Assert<Equal<z.output<typeof trainStatusResponse>, TrainStatusResponse>>,
  Assert<Equal<z.output<typeof modelVersionSummary>, ModelVersionSummary>>,
  Assert<Equal<z.output<typeof modelsResponse>, ModelsResponse>>,
  Assert<Equal<z.output<typeof trainEvent>, TrainEvent>>,
];
