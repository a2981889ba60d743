import type { MovieRating } from '../scorer';
import type { FilmRatingStats } from './film-rating-stats';
import type { KnnResidual } from './knn-residual';
import { RidgeAccumulator } from './ridge';
import { userOffset } from './user-offset';

/**
 * Lower edges of the film-count buckets: a film with c training ratings is in the last bucket
 * whose edge is <= c (0, 1-2, 3-9, 10-49, 50+).
 */
export const STACK_BUCKET_EDGES: readonly number[] = Object.freeze([0, 1, 3, 10, 50]);
/** Per bucket: intercept, NCF, userOffset, kNN. */
export const STACK_FEATURES = 4;
export const DEFAULT_STACK_RIDGE = 1;

/**
 * The new-user stack: per film-count bucket b,
 *   pred = rbar + a_b + beta_b (ncf - rbar) + gamma_b (userOffset - rbar) + delta_b knn
 * with rbar the mean of the user's ratings. weights[b] = [a, beta, gamma, delta].
 */
export interface StackWeights {
  bucketEdges: number[];
  weights: number[][];
}

/** Index of the count's bucket (counts below the first edge go to bucket 0). */
export function stackBucket(count: number, edges: readonly number[] = STACK_BUCKET_EDGES): number {
  let b = 0;
  while (b + 1 < edges.length && count >= (edges[b + 1] as number)) b++;
  return b;
}

/** The stack's inputs for one new user and a list of films. */
export interface StackInputs {
  /** Mean of the user's ratings. */
  revealedMean: number;
  /** Training rating count of each film (its bucket). */
  counts: number[];
  /** NCF prediction of each film; NaN (a film the model does not know) stands for rbar. */
  ncf: ArrayLike<number>;
  userOffset: number[];
  knn: number[];
}

/**
 * Computes the non-NCF inputs from the training statistics and neighbour lists: userOffset
 * with shrinkage lambda, and the kNN average of the ratings' residuals from userOffset.
 */
export class StackFeatures {
  constructor(
    readonly stats: FilmRatingStats,
    readonly knn: KnnResidual,
    readonly lambda: number,
  ) {}

  inputs(
    revealed: readonly MovieRating[],
    movieIds: readonly number[],
    ncf: ArrayLike<number>,
  ): StackInputs {
    if (revealed.length === 0) throw new RangeError('the stack needs at least one rating');
    if (ncf.length !== movieIds.length) {
      throw new RangeError(`ncf has ${ncf.length} predictions for ${movieIds.length} films`);
    }
    const { stats } = this;
    const offset = userOffset(stats, revealed, this.lambda);
    const residuals = revealed.map(({ movieId, rating }) => ({
      movieId,
      residual: rating - stats.itemMean(movieId) - offset,
    }));
    return {
      revealedMean: revealed.reduce((s, r) => s + r.rating, 0) / revealed.length,
      counts: movieIds.map((id) => stats.itemCount(id)),
      ncf,
      userOffset: movieIds.map((id) => stats.itemMean(id) + offset),
      knn: this.knn.predict(residuals, movieIds),
    };
  }
}

/** Feature row of film f (centred on rbar), written into `row` (STACK_FEATURES values). */
function featureRow(inputs: StackInputs, f: number, row: Float64Array): Float64Array {
  const { revealedMean } = inputs;
  const ncf = inputs.ncf[f] as number;
  row[0] = 1;
  row[1] = Number.isNaN(ncf) ? 0 : ncf - revealedMean;
  row[2] = (inputs.userOffset[f] as number) - revealedMean;
  row[3] = inputs.knn[f] as number;
  return row;
}

/** The stacked prediction of every film of the inputs. */
export function applyStack(stack: StackWeights, inputs: StackInputs): number[] {
  const row = new Float64Array(STACK_FEATURES);
  return inputs.counts.map((count, f) => {
    const w = stack.weights[stackBucket(count, stack.bucketEdges)] as number[];
    featureRow(inputs, f, row);
    let p = inputs.revealedMean;
    for (let k = 0; k < STACK_FEATURES; k++) p += (w[k] as number) * (row[k] as number);
    return p;
  });
}

/**
 * Fits the stack weights by ridge least squares on (inputs, true rating) examples, one
 * independent fit per bucket: min sum (pred - rating)^2 + ridge * |w_b|^2.
 */
export class StackFitter {
  private readonly buckets: RidgeAccumulator[];
  private readonly row = new Float64Array(STACK_FEATURES);

  constructor(readonly bucketEdges: readonly number[] = STACK_BUCKET_EDGES) {
    if (bucketEdges.length === 0 || bucketEdges.some((e, i) => i > 0 && e <= bucketEdges[i - 1]!)) {
      throw new RangeError('bucket edges must be increasing and not empty');
    }
    this.buckets = bucketEdges.map(() => new RidgeAccumulator(STACK_FEATURES));
  }

  /** Examples added per bucket. */
  get rows(): number[] {
    return this.buckets.map((b) => b.rows);
  }

  add(inputs: StackInputs, ratings: ArrayLike<number>): void {
    if (ratings.length !== inputs.counts.length) {
      throw new RangeError(`${ratings.length} ratings for ${inputs.counts.length} films`);
    }
    inputs.counts.forEach((count, f) => {
      const bucket = this.buckets[stackBucket(count, this.bucketEdges)] as RidgeAccumulator;
      bucket.add(featureRow(inputs, f, this.row), (ratings[f] as number) - inputs.revealedMean);
    });
  }

  fit(ridge = DEFAULT_STACK_RIDGE): StackWeights {
    return {
      bucketEdges: [...this.bucketEdges],
      weights: this.buckets.map((b) => Array.from(b.solve(ridge))),
    };
  }
}
