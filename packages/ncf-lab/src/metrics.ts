/** Root mean squared error of predictions against true ratings (same length, at least one). */
export function rmse(predicted: ArrayLike<number>, actual: ArrayLike<number>): number {
  checkPairs(predicted, actual);
  let squared = 0;
  for (let i = 0; i < actual.length; i++) {
    const diff = (predicted[i] as number) - (actual[i] as number);
    squared += diff * diff;
  }
  return Math.sqrt(squared / actual.length);
}

/** Mean absolute error of predictions against true ratings. */
export function mae(predicted: ArrayLike<number>, actual: ArrayLike<number>): number {
  checkPairs(predicted, actual);
  let total = 0;
  for (let i = 0; i < actual.length; i++) {
    total += Math.abs((predicted[i] as number) - (actual[i] as number));
  }
  return total / actual.length;
}

/**
 * NDCG@k of one user's items: items are ranked by prediction (highest first; ties keep input
 * order), the gain of an item is its true rating, the discount of rank r (0-based) is
 * log2(r + 2), and the sum is divided by the same sum over the ideal (true-rating) order.
 */
export function ndcgAtK(
  predicted: ArrayLike<number>,
  actual: ArrayLike<number>,
  k: number,
): number {
  checkPairs(predicted, actual);
  if (!Number.isInteger(k) || k <= 0)
    throw new RangeError(`k must be a positive integer, got ${k}`);
  const byPrediction = rankOrder(predicted);
  const ideal = rankOrder(actual);
  const idealDcg = dcg(ideal, actual, k);
  // All true ratings are positive in MovieLens, so the ideal DCG is only 0 without items.
  return idealDcg > 0 ? dcg(byPrediction, actual, k) / idealDcg : 0;
}

function rankOrder(values: ArrayLike<number>): number[] {
  return Array.from({ length: values.length }, (_, i) => i).sort(
    (a, b) => (values[b] as number) - (values[a] as number) || a - b,
  );
}

function dcg(order: number[], gains: ArrayLike<number>, k: number): number {
  let total = 0;
  for (let rank = 0; rank < Math.min(k, order.length); rank++) {
    total += (gains[order[rank] as number] as number) / Math.log2(rank + 2);
  }
  return total;
}

function checkPairs(predicted: ArrayLike<number>, actual: ArrayLike<number>): void {
  if (predicted.length !== actual.length) {
    throw new RangeError(
      `predictions (${predicted.length}) and ratings (${actual.length}) differ in length`,
    );
  }
  if (actual.length === 0) throw new RangeError('no ratings to score');
}
