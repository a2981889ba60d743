import type { TrainingTriples } from './triples';

/** Neighbours kept per movie. */
export const DEFAULT_NEIGHBOURS = 200;
/** Similarity shrinkage: a pair's similarity is scaled by n / (n + shrinkage), n co-raters. */
export const DEFAULT_SIMILARITY_SHRINKAGE = 100;

export interface MovieNeighbourOptions {
  /** Neighbours kept per movie, the most similar first (DEFAULT_NEIGHBOURS). */
  neighbours?: number;
  /** DEFAULT_SIMILARITY_SHRINKAGE. */
  shrinkage?: number;
}

/**
 * Each movie's nearest movies by shrunk adjusted cosine over the training ratings, as compressed
 * sparse rows over the movies' dense indices (movies sorted by id).
 *
 * With c_ui = r_ui - (user u's mean rating) and U_ij the users who rated both movies,
 *   s_ij = sum_U c_ui c_uj / sqrt(sum_U c_ui^2 * sum_U c_uj^2) * n / (n + shrinkage), n = |U_ij|,
 * and 0 when fewer than 2 users rated both. A movie's list holds its `neighbours` movies of
 * largest s (never itself, only positive similarities: the most similar movies, not the most
 * opposed), ordered by s descending then index.
 * Each (user, movie) pair is expected once in the triples.
 */
export class MovieNeighbours {
  /** movieIds[i] is the raw id of dense movie index i (ascending). */
  readonly movieIds: Int32Array;
  /** Movie i's neighbours are entries offsets[i] .. offsets[i + 1] - 1. */
  readonly offsets: Int32Array;
  /** Dense movie index of each neighbour entry. */
  readonly neighbours: Int32Array;
  readonly similarities: Float32Array;
  private readonly index: Map<number, number>;

  constructor(
    movieIds: Int32Array,
    offsets: Int32Array,
    neighbours: Int32Array,
    similarities: Float32Array,
  ) {
    if (offsets.length !== movieIds.length + 1 || offsets[movieIds.length] !== neighbours.length) {
      throw new RangeError('offsets must hold one start per film plus the end of the last list');
    }
    if (similarities.length !== neighbours.length) {
      throw new RangeError('neighbours and similarities differ in length');
    }
    this.movieIds = movieIds;
    this.offsets = offsets;
    this.neighbours = neighbours;
    this.similarities = similarities;
    this.index = new Map(Array.from(movieIds, (id, i) => [id, i]));
  }

  get movieCount(): number {
    return this.movieIds.length;
  }

  /** Dense index of a movie, undefined for a movie absent from training. */
  indexOf(movieId: number): number | undefined {
    return this.index.get(movieId);
  }

  /** A movie's neighbours as (movieId, similarity), best first; empty for an unknown movie. */
  neighboursOf(movieId: number): { movieId: number; similarity: number }[] {
    const i = this.index.get(movieId);
    if (i === undefined) return [];
    const out: { movieId: number; similarity: number }[] = [];
    for (let e = this.offsets[i] as number; e < (this.offsets[i + 1] as number); e++) {
      out.push({
        movieId: this.movieIds[this.neighbours[e] as number] as number,
        similarity: this.similarities[e] as number,
      });
    }
    return out;
  }

  /**
   * Builds the lists movie by movie: for movie i, every co-rating (u rated i and j) is summed into
   * dense per-movie accumulators, which are then reduced to the top list and cleared. Time is
   * sum over users of (ratings per user)^2; memory is the input, a few arrays per movie and the
   * lists.
   */
  static build(
    triples: Pick<TrainingTriples, 'userIds' | 'movieIds' | 'ratings'>,
    options: MovieNeighbourOptions = {},
  ): MovieNeighbours {
    const k = options.neighbours ?? DEFAULT_NEIGHBOURS;
    const shrinkage = options.shrinkage ?? DEFAULT_SIMILARITY_SHRINKAGE;
    if (!Number.isInteger(k) || k < 1) {
      throw new RangeError(`neighbours must be a positive integer, got ${k}`);
    }
    if (!(shrinkage >= 0)) throw new RangeError(`shrinkage must be >= 0, got ${shrinkage}`);
    const { userIds, movieIds, ratings } = triples;
    const n = ratings.length;
    if (userIds.length !== n || movieIds.length !== n) {
      throw new RangeError('userIds, movieIds and ratings differ in length');
    }

    const movies = Int32Array.from(new Set(movieIds)).sort();
    const movieIndex = new Map(Array.from(movies, (id, i) => [id, i]));
    const userIndex = new Map<number, number>();
    const movieOf = new Int32Array(n);
    const userOf = new Int32Array(n);
    for (let r = 0; r < n; r++) {
      movieOf[r] = movieIndex.get(movieIds[r] as number) as number;
      let u = userIndex.get(userIds[r] as number);
      if (u === undefined) userIndex.set(userIds[r] as number, (u = userIndex.size));
      userOf[r] = u;
    }
    const users = userIndex.size;
    const movieCount = movies.length;

    // Ratings centred by their user's mean.
    const userSum = new Float64Array(users);
    const userCount = new Int32Array(users);
    for (let r = 0; r < n; r++) {
      const u = userOf[r] as number;
      userSum[u] = (userSum[u] as number) + (ratings[r] as number);
      userCount[u] = (userCount[u] as number) + 1;
    }
    const centred = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      const u = userOf[r] as number;
      centred[r] = (ratings[r] as number) - (userSum[u] as number) / (userCount[u] as number);
    }

    // Compressed rows by user (movies, centred ratings) and by movie (users, centred ratings).
    const byUser = compress(userOf, users, movieOf, centred);
    const byMovie = compress(movieOf, movieCount, userOf, centred);

    const dot = new Float64Array(movieCount);
    const normI = new Float64Array(movieCount);
    const normJ = new Float64Array(movieCount);
    const coRaters = new Int32Array(movieCount);
    const touched = new Int32Array(movieCount);
    const similarity = new Float64Array(movieCount);
    const magnitude = new Float64Array(movieCount);
    const candidates = new Int32Array(movieCount);
    const offsets = new Int32Array(movieCount + 1);
    let lists = new Int32Array(Math.min(movieCount * k, 1 << 16));
    let values = new Float32Array(lists.length);
    let used = 0;

    for (let i = 0; i < movieCount; i++) {
      let touchedCount = 0;
      for (let p = byMovie.offsets[i] as number; p < (byMovie.offsets[i + 1] as number); p++) {
        const u = byMovie.other[p] as number;
        const ci = byMovie.values[p] as number;
        const ci2 = ci * ci;
        for (let q = byUser.offsets[u] as number; q < (byUser.offsets[u + 1] as number); q++) {
          const j = byUser.other[q] as number;
          const cj = byUser.values[q] as number;
          if (coRaters[j] === 0) touched[touchedCount++] = j;
          coRaters[j] = (coRaters[j] as number) + 1;
          dot[j] = (dot[j] as number) + ci * cj;
          normI[j] = (normI[j] as number) + ci2;
          normJ[j] = (normJ[j] as number) + cj * cj;
        }
      }
      let candidateCount = 0;
      for (let t = 0; t < touchedCount; t++) {
        const j = touched[t] as number;
        const count = coRaters[j] as number;
        if (j !== i && count > 1) {
          const norm = Math.sqrt(Math.max((normI[j] as number) * (normJ[j] as number), 1e-12));
          const s = ((dot[j] as number) / norm) * (count / (count + shrinkage));
          if (s > 0) {
            similarity[j] = s;
            magnitude[candidateCount] = Math.abs(s);
            candidates[candidateCount++] = j;
          }
        }
        coRaters[j] = 0;
        dot[j] = 0;
        normI[j] = 0;
        normJ[j] = 0;
      }
      const kept = keepTop(candidates, candidateCount, similarity, magnitude, k);
      if (used + kept.length > lists.length) {
        const grown = Math.max(lists.length * 2, used + kept.length);
        lists = grow(lists, grown);
        values = grow(values, grown);
      }
      for (const j of kept) {
        lists[used] = j;
        values[used++] = similarity[j] as number;
      }
      offsets[i + 1] = used;
    }
    return new MovieNeighbours(movies, offsets, lists.slice(0, used), values.slice(0, used));
  }
}

function compress(
  rowOf: Int32Array,
  rows: number,
  other: Int32Array,
  values: Float64Array,
): { offsets: Int32Array; other: Int32Array; values: Float64Array } {
  const offsets = new Int32Array(rows + 1);
  for (let r = 0; r < rowOf.length; r++) {
    const row = (rowOf[r] as number) + 1;
    offsets[row] = (offsets[row] as number) + 1;
  }
  for (let i = 0; i < rows; i++)
    offsets[i + 1] = (offsets[i + 1] as number) + (offsets[i] as number);
  const next = offsets.slice(0, rows);
  const out = {
    offsets,
    other: new Int32Array(rowOf.length),
    values: new Float64Array(rowOf.length),
  };
  for (let r = 0; r < rowOf.length; r++) {
    const row = rowOf[r] as number;
    const at = next[row] as number;
    next[row] = at + 1;
    out.other[at] = other[r] as number;
    out.values[at] = values[r] as number;
  }
  return out;
}

/**
 * The (at most) k candidates of largest |similarity|, ordered by |similarity| descending then
 * index ascending. `magnitude` holds |similarity| of candidates[0 .. count - 1] and is
 * reordered.
 */
function keepTop(
  candidates: Int32Array,
  count: number,
  similarity: Float64Array,
  magnitude: Float64Array,
  k: number,
): number[] {
  let chosen: number[];
  if (count <= k) chosen = Array.from(candidates.subarray(0, count));
  else {
    const threshold = kthLargest(magnitude, count, k);
    chosen = [];
    const ties: number[] = [];
    for (let c = 0; c < count; c++) {
      const j = candidates[c] as number;
      const m = Math.abs(similarity[j] as number);
      if (m > threshold) chosen.push(j);
      else if (m === threshold) ties.push(j);
    }
    ties.sort((a, b) => a - b);
    for (const j of ties) {
      if (chosen.length >= k) break;
      chosen.push(j);
    }
  }
  return chosen.sort(
    (a, b) => Math.abs(similarity[b] as number) - Math.abs(similarity[a] as number) || a - b,
  );
}

/** The k-th largest of values[0 .. count - 1] (1-based k), by quickselect; reorders values. */
function kthLargest(values: Float64Array, count: number, k: number): number {
  let lo = 0;
  let hi = count - 1;
  const target = k - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((values[i] as number) > pivot) i++;
      while ((values[j] as number) < pivot) j--;
      if (i <= j) {
        const t = values[i] as number;
        values[i++] = values[j] as number;
        values[j--] = t;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return values[target] as number;
  }
  return values[target] as number;
}

function grow<T extends Int32Array | Float32Array>(array: T, length: number): T {
  const grown = new (array.constructor as new (n: number) => T)(length);
  grown.set(array);
  return grown;
}
