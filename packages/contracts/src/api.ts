import { z } from 'zod';
import { ratingValue } from './ratings';
import { movieId } from './jobs';

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
  /** Another film to show in the skipped one's place; null when none is left. */
  replacement: Movie | null;
}

export interface Recommendation {
  movie: Movie;
  predictedRating: number;
}

export interface RecommendationsResponse {
  modelVersion: number;
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
}

const countParam = (fallback: number, max: number) =>
  z.coerce
    .number({ error: 'count must be a number' })
    .int('count must be an integer')
    .min(1, 'count must be at least 1')
    .max(max, `count must be at most ${max}`)
    .default(fallback);

export const sampleQuery = z.strictObject({ count: countParam(12, 50) });
export const recommendationsQuery = z.strictObject({ count: countParam(10, 30) });

export const movieIdParam = z.coerce
  .number({ error: 'movieId must be a number' })
  .int('movieId must be an integer')
  .positive('movieId must be positive')
  .max(2_147_483_647, 'movieId is too large');

export const ratingBody = z.strictObject({ rating: ratingValue });
export type RatingBody = z.infer<typeof ratingBody>;

export const skipBody = z.strictObject({ movieId });
export type SkipBody = z.infer<typeof skipBody>;

/** How many films the page asks a user to rate before it shows recommendations. */
export const MIN_RATINGS_FOR_RECOMMENDATIONS = 5;
/** The variety step: recommendations are drawn from this many top predictions. */
export const TOP_K_POOL = 30;
