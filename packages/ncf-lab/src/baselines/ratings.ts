import type { RatingStats } from '../rating-stats';

/**
 * Baseline: the movie's mean training rating (global mean for movies unseen in training).
 * userOffset lives in @marquee/ncf (the product's new-user stack uses it).
 */
export function predictMovieMean(stats: RatingStats, movieIds: readonly number[]): number[] {
  return movieIds.map((id) => stats.movieMean(id));
}
