import type { MovieRating } from './fold-in';
import type { MovieMeanSource } from './movie-rating-stats';

/** The shrinkage values userOffset's lambda is chosen from (on training users only). */
export const LAMBDA_GRID = [0, 1, 2, 3, 5, 8, 12, 20, 50] as const;

/** The mean of some ratings (a new user's rbar); NaN without ratings. */
export function meanRating(ratings: readonly { rating: number }[]): number {
  let sum = 0;
  for (const { rating } of ratings) sum += rating;
  return sum / ratings.length;
}

/**
 * A new user's shrunk mean offset from the item means over their ratings:
 * sum(r - movieMean) / (n + lambda) (0 without ratings and lambda). `movieMean` gives the mean of
 * the rating's movie: by id (userOffset) or by a model's movie index (the new-user stack).
 */
export function shrunkOffset<R extends { rating: number }>(
  ratings: readonly R[],
  movieMean: (rating: R) => number,
  lambda: number,
): number {
  let sum = 0;
  for (const r of ratings) sum += r.rating - movieMean(r);
  return ratings.length + lambda > 0 ? sum / (ratings.length + lambda) : 0;
}

/** shrunkOffset of a new user's ratings by movie id. */
export function userOffset(
  means: MovieMeanSource,
  revealed: readonly MovieRating[],
  lambda: number,
): number {
  return shrunkOffset(revealed, (r) => means.movieMean(r.movieId), lambda);
}

/** The userOffset prediction: each movie's item mean plus the user's shrunk offset. */
export function predictUserOffset(
  means: MovieMeanSource,
  revealed: readonly MovieRating[],
  movieIds: readonly number[],
  lambda: number,
): number[] {
  const offset = userOffset(means, revealed, lambda);
  return movieIds.map((id) => means.movieMean(id) + offset);
}

/**
 * userOffset's shrinkage: the lambda of LAMBDA_GRID with the lowest `error` (the first, so the
 * smaller, on a tie). `error(lambda)` measures userOffset on simulated new users of the training
 * data only: the lab's baseline by RMSE over a new-user split of its training users
 * (chooseOffsetLambda), the new-user stack by squared error over its fold examples.
 */
export function chooseShrinkage(error: (lambda: number) => number): number {
  let best = { lambda: LAMBDA_GRID[0] as number, error: Infinity };
  for (const lambda of LAMBDA_GRID) {
    const e = error(lambda);
    if (e < best.error) best = { lambda, error: e };
  }
  return best.lambda;
}
