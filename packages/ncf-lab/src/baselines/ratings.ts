import type { RatingStats } from '../rating-stats';

/** The userOffset baseline lives in @marquee/ncf (the product's new-user stack uses it). */
export { LAMBDA_GRID, predictUserOffset, userOffset } from '@marquee/ncf';

/** Baseline: the film's mean training rating (global mean for films unseen in training). */
export function predictItemMean(stats: RatingStats, movieIds: readonly number[]): number[] {
  return movieIds.map((id) => stats.itemMean(id));
}
