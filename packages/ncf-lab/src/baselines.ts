import type { RatingStats } from './rating-stats';

/** The userOffset baseline lives in @marquee/ncf (the product's cold-start stack uses it). */
export { predictUserOffset, userOffset } from '@marquee/ncf';

/** Baseline: the film's mean training rating (global mean for films unseen in training). */
export function predictItemMean(stats: RatingStats, movieIds: readonly number[]): number[] {
  return movieIds.map((id) => stats.itemMean(id));
}

/** The shrinkage values the cold-start protocol chooses lambda from. */
export const LAMBDA_GRID = [0, 1, 2, 3, 5, 8, 12, 20, 50] as const;
