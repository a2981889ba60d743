import { MAX_RATING, MIN_RATING } from '../format/ratings';

/** Training data: one (user, movie, rating) triple per index. */
export interface TrainingTriples {
  userIds: Int32Array;
  movieIds: Int32Array;
  ratings: Float32Array;
  /**
   * Feature tokens by movie id (movieFeatureTokens); what a config with `filmFeatures` learns
   * from, others ignore it. Movies listed here that nobody rated get a row too.
   */
  movieFeatures?: ReadonlyMap<number, readonly string[]>;
}

/** Throws a clear error naming the first problem with the triples. */
export function assertValidTriples(data: TrainingTriples): void {
  const { userIds, movieIds, ratings } = data;
  if (!(userIds instanceof Int32Array) || !(movieIds instanceof Int32Array)) {
    throw new Error('Invalid training data: userIds and movieIds must be Int32Arrays');
  }
  if (!(ratings instanceof Float32Array)) {
    throw new Error('Invalid training data: ratings must be a Float32Array');
  }
  if (userIds.length !== movieIds.length || userIds.length !== ratings.length) {
    throw new Error(
      `Invalid training data: lengths differ (userIds ${userIds.length}, ` +
        `movieIds ${movieIds.length}, ratings ${ratings.length})`,
    );
  }
  if (ratings.length < 2) {
    throw new Error(
      `Invalid training data: need at least 2 ratings (one to train on, one to validate), got ${ratings.length}`,
    );
  }
  for (let i = 0; i < ratings.length; i++) {
    const r = ratings[i] as number;
    if (!Number.isFinite(r) || r < MIN_RATING || r > MAX_RATING) {
      throw new Error(
        `Invalid training data: rating at index ${i} is ${r}; ratings must be numbers in [${MIN_RATING}, ${MAX_RATING}]`,
      );
    }
  }
}

/** Sorted distinct ids and a map from id to its dense index. */
export function indexIds(ids: Int32Array): { ids: number[]; indexOf: Map<number, number> } {
  const sorted = Array.from(new Set(ids)).sort((a, b) => a - b);
  return { ids: sorted, indexOf: new Map(sorted.map((id, i) => [id, i])) };
}

/** Row numbers grouped by their key (keys[row], e.g. a user id), each group in row order. */
export function groupRows(keys: Int32Array, rows?: Iterable<number>): Map<number, number[]> {
  const groups = new Map<number, number[]>();
  for (const row of rows ?? keys.keys()) {
    const key = keys[row] as number;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(row);
  }
  return groups;
}

/** The triples of the rows `keep` accepts, in order (movie features carried over). */
export function selectRows(data: TrainingTriples, keep: (row: number) => boolean): TrainingTriples {
  const rows: number[] = [];
  for (let row = 0; row < data.ratings.length; row++) if (keep(row)) rows.push(row);
  return {
    userIds: Int32Array.from(rows, (r) => data.userIds[r] as number),
    movieIds: Int32Array.from(rows, (r) => data.movieIds[r] as number),
    ratings: Float32Array.from(rows, (r) => data.ratings[r] as number),
    ...(data.movieFeatures ? { movieFeatures: data.movieFeatures } : {}),
  };
}
