import type { MovieRating } from '@marquee/ncf';
import type { RatingStats } from './rating-stats';

/** Baseline: the film's mean training rating (global mean for films unseen in training). */
export function predictItemMean(stats: RatingStats, movieIds: readonly number[]): number[] {
  return movieIds.map((id) => stats.itemMean(id));
}

/**
 * Baseline: item mean plus the user's shrunk mean offset from item means over the revealed
 * ratings, offset = sum(r - itemMean) / (n + lambda).
 */
export function predictUserOffset(
  stats: RatingStats,
  revealed: readonly MovieRating[],
  movieIds: readonly number[],
  lambda: number,
): number[] {
  const offset = userOffset(stats, revealed, lambda);
  return movieIds.map((id) => stats.itemMean(id) + offset);
}

export function userOffset(
  stats: RatingStats,
  revealed: readonly MovieRating[],
  lambda: number,
): number {
  let sum = 0;
  for (const { movieId, rating } of revealed) sum += rating - stats.itemMean(movieId);
  return revealed.length + lambda > 0 ? sum / (revealed.length + lambda) : 0;
}

/** The shrinkage values the cold-start protocol chooses lambda from. */
export const LAMBDA_GRID = [0, 1, 2, 3, 5, 8, 12, 20, 50] as const;
