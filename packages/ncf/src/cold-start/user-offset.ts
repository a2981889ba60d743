import type { MovieRating } from '../scorer';
import type { ItemMeanSource } from './film-rating-stats';

/** The shrinkage values userOffset's lambda is chosen from (on training users only). */
export const LAMBDA_GRID = [0, 1, 2, 3, 5, 8, 12, 20, 50] as const;

/**
 * A new user's shrunk mean offset from the item means over their ratings:
 * sum(r - itemMean) / (n + lambda) (0 without ratings and lambda).
 */
export function userOffset(
  means: ItemMeanSource,
  revealed: readonly MovieRating[],
  lambda: number,
): number {
  let sum = 0;
  for (const { movieId, rating } of revealed) sum += rating - means.itemMean(movieId);
  return revealed.length + lambda > 0 ? sum / (revealed.length + lambda) : 0;
}

/** The userOffset prediction: each film's item mean plus the user's shrunk offset. */
export function predictUserOffset(
  means: ItemMeanSource,
  revealed: readonly MovieRating[],
  movieIds: readonly number[],
  lambda: number,
): number[] {
  const offset = userOffset(means, revealed, lambda);
  return movieIds.map((id) => means.itemMean(id) + offset);
}
