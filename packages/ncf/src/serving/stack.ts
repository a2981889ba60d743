import { STACK_FEATURES, type NewUserStack } from '../format/new-user-stack';
import type { MovieNeighbourLists } from '../format/neighbour-lists';
import { meanRating, shrunkOffset } from './user-offset';

/**
 * Lower edges of the movie-count buckets: a movie with c training ratings is in the last bucket
 * whose edge is <= c (0, 1-2, 3-9, 10-49, 50+).
 */
export const STACK_BUCKET_EDGES: readonly number[] = Object.freeze([0, 1, 3, 10, 50]);
/** Added to the kNN average's denominator: pulls movies with few or weak rated neighbours to 0. */
export const KNN_DAMPING = 0.5;

/** What the stack reads of the training data, by model movie index. */
export interface StackMovieData {
  movieMeans: ArrayLike<number>;
  /** Training ratings of each movie (picks its bucket). */
  counts: ArrayLike<number>;
  /** Co-rating neighbours (the model's reason lists). */
  neighbours: MovieNeighbourLists;
}

/** A rating of a movie the model knows, by model movie index. */
export interface IndexedRating {
  index: number;
  rating: number;
}

/** Index of the count's bucket (counts below the first edge go to bucket 0). */
export function stackBucket(count: number, edges: readonly number[] = STACK_BUCKET_EDGES): number {
  let b = 0;
  while (b + 1 < edges.length && count >= (edges[b + 1] as number)) b++;
  return b;
}

/**
 * Computes the stack's per-movie features for one user at a time: load() takes the user's
 * ratings, then featureRow() gives any movie's row. The kNN sums live in two arrays of one value
 * per movie, cleared by the next load(), so one instance serves one user at a time.
 */
export class StackFeatureSource {
  private readonly numerator: Float64Array;
  private readonly denominator: Float64Array;
  private touched: number[] = [];
  /** Mean of the loaded user's ratings. */
  revealedMean = 0;
  private offset = 0;
  private bucketCache: { edges: readonly number[]; buckets: Uint8Array } | null = null;

  constructor(readonly movies: StackMovieData) {
    const n = movies.movieMeans.length;
    if (movies.counts.length !== n || movies.neighbours.offsets.length !== n + 1) {
      throw new RangeError('item means, counts and neighbour lists must cover the same films');
    }
    this.numerator = new Float64Array(n);
    this.denominator = new Float64Array(n);
  }

  /** Each movie's bucket for these edges (stackBucket of its count), computed once per edges. */
  bucketsFor(edges: readonly number[]): Uint8Array {
    if (this.bucketCache?.edges !== edges) {
      const buckets = Uint8Array.from(this.movies.counts, (count) => stackBucket(count, edges));
      this.bucketCache = { edges, buckets };
    }
    return this.bucketCache.buckets;
  }

  /** Loads a user (at least one rating). */
  load(ratings: readonly IndexedRating[], lambda: number): void {
    if (ratings.length === 0) throw new RangeError('the stack needs at least one rating');
    const { movieMeans, neighbours: lists } = this.movies;
    const { numerator, denominator } = this;
    for (const j of this.touched) {
      for (let e = lists.offsets[j] as number; e < (lists.offsets[j + 1] as number); e++) {
        numerator[lists.neighbours[e] as number] = 0;
        denominator[lists.neighbours[e] as number] = 0;
      }
    }
    this.touched = [];
    this.revealedMean = meanRating(ratings);
    this.offset = shrunkOffset(ratings, (r) => movieMeans[r.index] as number, lambda);
    for (const { index: j, rating } of ratings) {
      const residual = rating - (movieMeans[j] as number) - this.offset;
      this.touched.push(j);
      for (let e = lists.offsets[j] as number; e < (lists.offsets[j + 1] as number); e++) {
        const i = lists.neighbours[e] as number;
        const s = lists.similarities[e] as number;
        numerator[i] = (numerator[i] as number) + s * residual;
        denominator[i] = (denominator[i] as number) + Math.abs(s);
      }
    }
  }

  /** The loaded user's userOffset prediction of movie i. */
  userOffset(i: number): number {
    return (this.movies.movieMeans[i] as number) + this.offset;
  }

  /** Movie i's features for the loaded user, centred on rbar, written into row. */
  featureRow(i: number, ncf: number, row: Float64Array): Float64Array {
    const rbar = this.revealedMean;
    row[0] = 1;
    row[1] = ncf - rbar;
    row[2] = this.userOffset(i) - rbar;
    row[3] = (this.numerator[i] as number) / ((this.denominator[i] as number) + KNN_DAMPING);
    return row;
  }
}

/**
 * Applies a fitted stack to a new user's NCF scores, in place: scores[k] is movie
 * indices[k] (or movie k when indices is null). Results are clipped to [min, max].
 */
export function applyNewUserStack(
  stack: NewUserStack,
  source: StackFeatureSource,
  ratings: readonly IndexedRating[],
  scores: Float32Array,
  indices: Int32Array | null,
  range: readonly [number, number],
): void {
  if (ratings.length === 0) return;
  source.load(ratings, stack.lambda);
  const row = new Float64Array(STACK_FEATURES);
  const buckets = source.bucketsFor(stack.bucketEdges);
  for (let k = 0; k < scores.length; k++) {
    const i = indices ? (indices[k] as number) : k;
    const w = stack.weights[buckets[i] as number] as number[];
    source.featureRow(i, scores[k] as number, row);
    let p = source.revealedMean;
    for (let f = 0; f < STACK_FEATURES; f++) p += (w[f] as number) * (row[f] as number);
    scores[k] = Math.min(range[1], Math.max(range[0], p));
  }
}
