import { z } from 'zod';
import { ratingValue } from './ratings';
import { MOVIELENS_GENRES } from './movies';

/** A movie id: a positive Postgres integer (a larger one would fail in the database, not here). */
export const movieId = z.number().int().positive().max(2_147_483_647);

export const recommendJobData = z.object({
  /** The HTTP request it answers (x-request-id): the recommender logs it with the job. */
  requestId: z.string().min(1),
  userId: z.string().min(1),
  ratings: z.array(z.object({ movieId, rating: ratingValue })).max(100_000),
  excludeMovieIds: z.array(movieId).max(100_000),
  /**
   * Movies the user marked "not interested": never recommended, and a negative signal in the
   * user's vector of the ranking network (see NcfScorer.recommend). Absent from gateways older
   * than the field.
   */
  notInterestedMovieIds: z.array(movieId).max(100_000).default([]),
  /**
   * Only movies of this genre and/or decade, chosen from the whole catalogue before the top-k
   * step. A replica older than the field ignores it; the gateway drops movies that do not match.
   */
  filter: z
    .object({
      genre: z.enum(MOVIELENS_GENRES).optional(),
      decade: z.number().int().multipleOf(10).optional(),
    })
    .optional(),
  count: z.number().int().min(1).max(100),
});
export type RecommendJobData = z.infer<typeof recommendJobData>;

export const recommendJobResult = z.object({
  modelVersion: z.number().int().positive(),
  /** Which recommender replica answered (its REPLICA_ID). */
  replica: z.string().min(1),
  items: z.array(
    z.object({
      movieId,
      predictedRating: z.number(),
      /**
       * A movie the user liked (rated LIKED_RATING or more) among this one's co-rating
       * neighbours in the model, with their similarity; null when none of the liked movies is
       * (or the model carries no neighbour lists). Absent from replicas older than this field;
       * replicas older than LIKED_RATING may cite a movie rated lower, which the gateway drops.
       */
      because: z.object({ movieId, similarity: z.number() }).nullable().optional(),
    }),
  ),
});
export type RecommendJobResult = z.infer<typeof recommendJobResult>;

/** The most similar films a movie-for-me job may ask for. */
export const MAX_SIMILAR_MOVIES = 50;

/**
 * One film for one user: the model's predicted rating (the user folded in from their ratings, as
 * for recommendations) and the film's strongest co-rating neighbours.
 */
export const movieForMeJobData = z.object({
  /** The HTTP request it answers (x-request-id). */
  requestId: z.string().min(1),
  userId: z.string().min(1),
  ratings: z.array(z.object({ movieId, rating: ratingValue })).max(100_000),
  movieId,
  similarCount: z.number().int().min(0).max(MAX_SIMILAR_MOVIES),
});
export type MovieForMeJobData = z.infer<typeof movieForMeJobData>;

export const movieForMeJobResult = z.object({
  modelVersion: z.number().int().positive(),
  replica: z.string().min(1),
  /** Null when the model does not know the film (added to the catalogue after training). */
  predictedRating: z.number().nullable(),
  /** Most similar first; empty when the model carries no neighbour lists or knows no film. */
  similar: z.array(z.object({ movieId, similarity: z.number() })),
});
export type MovieForMeJobResult = z.infer<typeof movieForMeJobResult>;

/** The most epochs a train job may ask for. */
export const MAX_TRAIN_EPOCHS = 500;

export const trainJobData = z.object({
  reason: z.enum(['initial', 'manual', 'schedule']),
  /** Overrides the trainer's configured epochs, e.g. for a quick retrain in a test. */
  epochs: z.number().int().min(1).max(MAX_TRAIN_EPOCHS).optional(),
  /** The HTTP request that asked for it (x-request-id), so its logs can be followed. */
  requestId: z.string().min(1).max(128).optional(),
});
export type TrainJobData = z.infer<typeof trainJobData>;

export const trainJobProgress = z.object({
  epoch: z.number().int().nonnegative(),
  epochs: z.number().int().positive(),
  loss: z.number().nullable(),
  valRmse: z.number().nullable(),
});
export type TrainJobProgress = z.infer<typeof trainJobProgress>;

/**
 * How well the model serves users it never saw: validation users held out of training fold in
 * from `given` of their ratings (the scorer's fold-in, as serving does); the rest are predicted,
 * and the ten movies the model ranks first for each (as serving ranks them, before its variety
 * step) are checked against the movies they hid. The top-10 figures are absent for versions
 * trained before they were measured.
 */
export const newUserMetrics = z.object({
  /** Held-out users evaluated. */
  users: z.number().int().positive(),
  /** Ratings each one reveals to the fold-in. */
  given: z.number().int().positive(),
  /** Hidden ratings predicted, pooled into rmse. */
  predicted: z.number().int().positive(),
  rmse: z.number(),
  /**
   * Mean nDCG@10 over the users: binary gains, a hidden movie (any rating) is relevant; the ideal
   * list holds min(10, hidden movies) of them.
   */
  ndcg10: z.number().optional(),
  /**
   * The same with only the hidden movies rated LIKED_RATING or more relevant, over the users
   * with at least one (likedUsers); absent when none has.
   */
  ndcg10Liked: z.number().optional(),
  /** Users with a liked hidden movie: those ndcg10Liked averages over. */
  likedUsers: z.number().int().nonnegative().optional(),
  /** Mean share of the ten movies that the user hid (any rating). */
  precision10: z.number().optional(),
});
export type NewUserMetrics = z.infer<typeof newUserMetrics>;

export const modelMetrics = z.object({
  valRmse: z.number(),
  /** Epochs whose weights the model averages (absent for versions trained before averaging). */
  averagedEpochs: z.number().int().positive().optional(),
  trainLoss: z.number(),
  epochs: z.number().int(),
  trainSeconds: z.number(),
  backend: z.string(),
  ratings: z.number().int(),
  users: z.number().int(),
  movies: z.number().int(),
  /** Absent when too few users could be held out (and for versions trained before it existed). */
  newUser: newUserMetrics.optional(),
  /**
   * The ranking network trained beside the rating network (what orders the movies shown): its
   * validation nDCG@10 on the training users' validation ratings, the kept epoch (1-based), the
   * epochs run and its training time. Absent for a model without one, and for versions trained
   * before it was recorded.
   */
  ranking: z
    .object({
      valNdcg: z.number(),
      bestEpoch: z.number().int().positive(),
      epochs: z.number().int().positive(),
      seconds: z.number(),
    })
    .optional(),
});
export type ModelMetrics = z.infer<typeof modelMetrics>;

export const trainJobResult = z.object({
  modelVersion: z.number().int().positive(),
  metrics: modelMetrics,
  activated: z.boolean(),
  /** Why the version was or was not activated (the activation rules: RMSE and nDCG margins). */
  activationReason: z.string(),
});
export type TrainJobResult = z.infer<typeof trainJobResult>;

export const modelPublishedEvent = z.object({
  version: z.number().int().positive(),
  checksum: z.string(),
});
export type ModelPublishedEvent = z.infer<typeof modelPublishedEvent>;

/**
 * Why a worker refused a job on purpose, carried at the start of the job's failedReason
 * (`NO_MODEL: …`), so the side that waits for the job can tell it from a crash.
 */
export const JOB_FAILURE_CODES = ['NO_MODEL', 'INVALID_JOB'] as const;
export type JobFailureCode = (typeof JOB_FAILURE_CODES)[number];

/** The failure message of a job refused with `code`. */
export function jobFailureMessage(code: JobFailureCode, detail: string): string {
  return `${code}: ${detail}`;
}

/** The code a failure message starts with; null for any other failure. */
export function jobFailureCode(message: string): JobFailureCode | null {
  return JOB_FAILURE_CODES.find((code) => message.startsWith(`${code}:`)) ?? null;
}
