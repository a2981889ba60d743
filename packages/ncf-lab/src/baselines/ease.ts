import type { RatingRecord } from '@marquee/movielens';
import { choleskyInverse } from '@marquee/ncf';

/**
 * Largest number of training users `Ease.fit` accepts. The fit holds two dense m × m
 * matrices and costs ≈ m³ flops, so beyond this the caller must fit on a user sample.
 */
export const EASE_MAX_USERS = 20_000;

/**
 * EASE (Steck 2019, "Embarrassingly Shallow Autoencoders for Sparse Data"): an item-item
 * linear model with zero diagonal, fitted in closed form on the binary users × movies matrix X
 * (1 when the user rated the movie, whatever the rating).
 *
 * The paper's solution is P = (XᵀX + λI)⁻¹, B = I − P·diagMat(1/diag(P)), scores x·B. That
 * needs an n × n inverse over movies (≈ 9,700 for MovieLens small), too slow in JavaScript.
 * With fewer users m than movies, the Woodbury identity gives the same P exactly from an
 * m × m inverse:
 *
 *   P = (1/λ)·(I − Xᵀ K⁻¹ X),  K = λI_m + X Xᵀ,
 *
 * so P is never formed. Only what scoring needs is kept: K⁻¹, X by movie (CSC), and
 * d_j = λ·P_jj = 1 − x_jᵀ K⁻¹ x_j, where x_j is the set of users who rated movie j.
 * For a user with rated movies x, x·P = (1/λ)(x − w) with w = (x Xᵀ) K⁻¹ X, and since
 * B_jj = 0 the score of an unrated movie j is (x·B)_j = −(x·P)_j / P_jj = w_j / d_j.
 */
export class Ease {
  private constructor(
    /** Every movie in training, ascending id; scores are aligned with it. */
    readonly movieIds: number[],
    readonly lambda: number,
    private readonly indexOfMovie: ReadonlyMap<number, number>,
    private readonly userCount: number,
    /** X by movie: users of movie j are movieUsers[movieStart[j] .. movieStart[j + 1]). */
    private readonly movieStart: Int32Array,
    private readonly movieUsers: Int32Array,
    /** K⁻¹, m × m row-major (symmetric). */
    private readonly kInverse: Float64Array,
    /** 1 / d_j = 1 / (λ·P_jj). */
    private readonly inverseDiagonal: Float64Array,
  ) {}

  /**
   * Fits on training ratings read as implicit feedback (duplicate user-movie pairs count once).
   *
   * @throws RangeError if lambda is not a finite positive number, or if there are more than
   *   `EASE_MAX_USERS` users.
   */
  static fit(train: readonly RatingRecord[], lambda: number): Ease {
    if (!(lambda > 0) || !Number.isFinite(lambda)) {
      throw new RangeError(`EASE lambda must be a finite number > 0, got ${lambda}`);
    }

    const userIds = [...new Set(train.map((r) => r.userId))].sort((a, b) => a - b);
    const m = userIds.length;
    if (m > EASE_MAX_USERS) {
      throw new RangeError(
        `EASE fits at most ${EASE_MAX_USERS} users (its cost grows as users³), got ${m}: ` +
          'fit on a sample of users',
      );
    }
    const movieIds = [...new Set(train.map((r) => r.movieId))].sort((a, b) => a - b);
    const n = movieIds.length;
    const indexOfUser = new Map(userIds.map((id, u) => [id, u]));
    const indexOfMovie = new Map(movieIds.map((id, j) => [id, j]));

    const byUser = userRows(train, indexOfUser, indexOfMovie);
    const byMovie = transpose(byUser.start, byUser.index, n);

    // K = λI + X Xᵀ: K_uv counts movies rated by both u and v. Built row by row via the
    // users of each movie u rated, which touches only row u and yields an exactly symmetric K.
    const k = new Float64Array(m * m);
    for (let u = 0; u < m; u++) {
      const row = u * m;
      for (let p = byUser.start[u]!; p < byUser.start[u + 1]!; p++) {
        const j = byUser.index[p]!;
        for (let q = byMovie.start[j]!; q < byMovie.start[j + 1]!; q++)
          k[row + byMovie.index[q]!]! += 1;
      }
      k[row + u]! += lambda;
    }
    const kInverse = choleskyInverse(k, m);

    // d_j = 1 − x_jᵀ K⁻¹ x_j. It equals λ·P_jj ≥ λ / (λ + #users of j) > 0, so dividing by
    // it is safe.
    const inverseDiagonal = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      const from = byMovie.start[j]!;
      const to = byMovie.start[j + 1]!;
      let quad = 0;
      for (let p = from; p < to; p++) {
        const row = byMovie.index[p]! * m;
        for (let q = from; q < to; q++) quad += kInverse[row + byMovie.index[q]!]!;
      }
      inverseDiagonal[j] = 1 / (1 - quad);
    }

    return new Ease(
      movieIds,
      lambda,
      indexOfMovie,
      m,
      byMovie.start,
      byMovie.index,
      kInverse,
      inverseDiagonal,
    );
  }

  /**
   * EASE scores x·B for a user who rated `ratedMovieIds` (a training user or a new one),
   * aligned with `movieIds`. Movies unknown to training are ignored; the rated movies
   * themselves get −Infinity so they sort last.
   */
  scores(ratedMovieIds: readonly number[]): Float64Array {
    const m = this.userCount;
    const n = this.movieIds.length;
    const scores = new Float64Array(n);
    const rated: number[] = [];
    for (const id of ratedMovieIds) {
      const j = this.indexOfMovie.get(id);
      if (j === undefined || scores[j] === -Infinity) continue;
      scores[j] = -Infinity;
      rated.push(j);
    }
    if (rated.length === 0) return scores;

    // y = x Xᵀ: for each training user, how many of the rated movies they also rated.
    const y = new Float64Array(m);
    for (const j of rated) {
      for (let p = this.movieStart[j]!; p < this.movieStart[j + 1]!; p++)
        y[this.movieUsers[p]!]! += 1;
    }
    // z = K⁻¹ y, as a sum of rows of the symmetric K⁻¹ so the inner loop is contiguous.
    const z = new Float64Array(m);
    for (let v = 0; v < m; v++) {
      const c = y[v]!;
      if (c === 0) continue;
      const row = v * m;
      for (let u = 0; u < m; u++) z[u]! += c * this.kInverse[row + u]!;
    }
    // w = z X, then score_j = w_j / d_j for unrated movies.
    for (let j = 0; j < n; j++) {
      if (scores[j] === -Infinity) continue;
      let w = 0;
      for (let p = this.movieStart[j]!; p < this.movieStart[j + 1]!; p++)
        w += z[this.movieUsers[p]!]!;
      scores[j] = w * this.inverseDiagonal[j]!;
    }
    return scores;
  }
}

/**
 * A sparse 0/1 matrix in compressed form: row r's column indices are index[start[r] .. start[r +
 * 1]).
 */
interface Compressed {
  start: Int32Array;
  index: Int32Array;
}

/** X by user (CSR), movie indices ascending and deduplicated within each row. */
function userRows(
  train: readonly RatingRecord[],
  indexOfUser: ReadonlyMap<number, number>,
  indexOfMovie: ReadonlyMap<number, number>,
): Compressed {
  const m = indexOfUser.size;
  const counts = new Int32Array(m + 1);
  for (const r of train) counts[indexOfUser.get(r.userId)! + 1]! += 1;
  for (let u = 0; u < m; u++) counts[u + 1]! += counts[u]!;
  const raw = new Int32Array(train.length);
  const fill = counts.slice(0, m);
  for (const r of train) raw[fill[indexOfUser.get(r.userId)!]!++] = indexOfMovie.get(r.movieId)!;

  const start = new Int32Array(m + 1);
  const index = new Int32Array(train.length);
  let size = 0;
  for (let u = 0; u < m; u++) {
    const row = raw.subarray(counts[u]!, counts[u + 1]!).sort();
    for (let p = 0; p < row.length; p++) {
      if (p === 0 || row[p] !== row[p - 1]) index[size++] = row[p]!;
    }
    start[u + 1] = size;
  }
  return { start, index: index.slice(0, size) };
}

/** Transposes a compressed 0/1 matrix with `columns` columns; indices come out ascending. */
function transpose(start: Int32Array, index: Int32Array, columns: number): Compressed {
  const tStart = new Int32Array(columns + 1);
  for (let p = 0; p < index.length; p++) tStart[index[p]! + 1]! += 1;
  for (let c = 0; c < columns; c++) tStart[c + 1]! += tStart[c]!;
  const fill = tStart.slice(0, columns);
  const tIndex = new Int32Array(index.length);
  for (let r = 0; r + 1 < start.length; r++) {
    for (let p = start[r]!; p < start[r + 1]!; p++) tIndex[fill[index[p]!]!++] = r;
  }
  return { start: tStart, index: tIndex };
}
