import { z } from 'zod';
import { ratingValue } from './ratings';

export const movieId = z.number().int().positive();

export const recommendJobData = z.object({
  requestId: z.string().min(1),
  userId: z.string().min(1),
  ratings: z.array(z.object({ movieId, rating: ratingValue })).max(100_000),
  excludeMovieIds: z.array(movieId).max(100_000),
  count: z.number().int().min(1).max(100),
});
export type RecommendJobData = z.infer<typeof recommendJobData>;

export const recommendJobResult = z.object({
  modelVersion: z.number().int().positive(),
  items: z.array(z.object({ movieId, predictedRating: z.number() })),
});
export type RecommendJobResult = z.infer<typeof recommendJobResult>;

/** The most epochs a train job may ask for. */
export const MAX_TRAIN_EPOCHS = 500;

export const trainJobData = z.object({
  reason: z.enum(['initial', 'manual', 'schedule']),
  /** Overrides the trainer's configured epochs, e.g. for a quick retrain in a test. */
  epochs: z.number().int().min(1).max(MAX_TRAIN_EPOCHS).optional(),
});
export type TrainJobData = z.infer<typeof trainJobData>;

export const trainJobProgress = z.object({
  epoch: z.number().int().nonnegative(),
  epochs: z.number().int().positive(),
  loss: z.number().nullable(),
  valRmse: z.number().nullable(),
});
export type TrainJobProgress = z.infer<typeof trainJobProgress>;

export const modelMetrics = z.object({
  valRmse: z.number(),
  trainLoss: z.number(),
  epochs: z.number().int(),
  trainSeconds: z.number(),
  backend: z.string(),
  ratings: z.number().int(),
  users: z.number().int(),
  movies: z.number().int(),
});
export type ModelMetrics = z.infer<typeof modelMetrics>;

export const trainJobResult = z.object({
  modelVersion: z.number().int().positive(),
  metrics: modelMetrics,
  activated: z.boolean(),
  /** Why the version was or was not activated (the activation margin rule). */
  activationReason: z.string(),
});
export type TrainJobResult = z.infer<typeof trainJobResult>;

export const modelPublishedEvent = z.object({
  version: z.number().int().positive(),
  checksum: z.string(),
});
export type ModelPublishedEvent = z.infer<typeof modelPublishedEvent>;
