import * as tf from '@tensorflow/tfjs';

/**
 * A batch of users as the movies they rated: user b's movies are `movies[offsets[b]..offsets[b+1])`
 * with weights `weights[...]` (the rating over the norm of the user's ratings).
 */
export interface SparseRows {
  offsets: Int32Array;
  movies: Int32Array;
  weights: Float32Array;
}

/** Each user's rated movies, by user index: model movie index and stars. */
export type RatedMovies = ReadonlyMap<number, readonly { index: number; rating: number }[]>;

/**
 * The movies of `batch`'s users as SparseRows. With `keepOf`, each movie is kept with the
 * probability it gives for its user (drawn from `random`, one draw a movie); without, all are.
 */
export function sparseInputs(
  batch: readonly number[],
  rated: RatedMovies,
  keepOf: ((user: number, movies: number) => number) | null,
  random: () => number,
): SparseRows {
  const offsets = new Int32Array(batch.length + 1);
  const movies: number[] = [];
  const weights: number[] = [];
  batch.forEach((u, b) => {
    const own = rated.get(u) ?? [];
    const keep = keepOf ? keepOf(u, own.length) : 1;
    let squares = 0;
    const first = movies.length;
    for (const { index, rating } of own) {
      if (keepOf && random() >= keep) continue;
      movies.push(index);
      weights.push(rating);
      squares += rating * rating;
    }
    const scale = 1 / Math.max(Math.sqrt(squares), 1e-6);
    for (let k = first; k < weights.length; k++) weights[k] = (weights[k] as number) * scale;
    offsets[b + 1] = movies.length;
  });
  return { offsets, movies: Int32Array.from(movies), weights: Float32Array.from(weights) };
}

/**
 * Each user's weighted sum of their movies' rows of `table` ([movies, d]): a [users, d] tensor with
 * the gradient of a sparse product, so a step costs the movies users rated, not users × movies.
 */
export function weightedRowSums(table: tf.Tensor, rows: SparseRows): tf.Tensor2D {
  const [movies, d] = table.shape as [number, number];
  const users = rows.offsets.length - 1;
  const sums = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const t = args[0] as tf.Tensor;
    return {
      value: tf.tensor2d(sumRows(t.dataSync() as Float32Array, d, rows), [users, d]),
      gradFunc: (dy: tf.Tensor) =>
        tf.tensor2d(scatterRows(dy.dataSync() as Float32Array, d, rows, movies), [movies, d]),
    };
  });
  return sums(table) as tf.Tensor2D;
}

/** Each user's weighted sum of their movies' rows of `table` (row-major [movies, d]): [users, d]. */
export function sumRows(table: Float32Array, d: number, rows: SparseRows): Float32Array {
  const users = rows.offsets.length - 1;
  const out = new Float32Array(users * d);
  for (let b = 0; b < users; b++) {
    const base = b * d;
    for (let k = rows.offsets[b] as number; k < (rows.offsets[b + 1] as number); k++) {
      const w = rows.weights[k] as number;
      const row = (rows.movies[k] as number) * d;
      for (let j = 0; j < d; j++)
        out[base + j] = (out[base + j] as number) + w * (table[row + j] as number);
    }
  }
  return out;
}

function scatterRows(dy: Float32Array, d: number, rows: SparseRows, movies: number): Float32Array {
  const users = rows.offsets.length - 1;
  const out = new Float32Array(movies * d);
  for (let b = 0; b < users; b++) {
    const base = b * d;
    for (let k = rows.offsets[b] as number; k < (rows.offsets[b + 1] as number); k++) {
      const w = rows.weights[k] as number;
      const row = (rows.movies[k] as number) * d;
      for (let j = 0; j < d; j++)
        out[row + j] = (out[row + j] as number) + w * (dy[base + j] as number);
    }
  }
  return out;
}

/**
 * The gradient of sumRows with respect to the rows it read, given `dy` (row-major [users, d]):
 * the distinct movies the users rated, in order of first appearance, and one gradient row each.
 */
export function touchedRowGradients(
  dy: Float32Array,
  d: number,
  rows: SparseRows,
): { movies: Int32Array; gradients: Float32Array } {
  const slotOf = new Map<number, number>();
  for (const movie of rows.movies) if (!slotOf.has(movie)) slotOf.set(movie, slotOf.size);
  const gradients = new Float32Array(slotOf.size * d);
  const users = rows.offsets.length - 1;
  for (let b = 0; b < users; b++) {
    const base = b * d;
    for (let k = rows.offsets[b] as number; k < (rows.offsets[b + 1] as number); k++) {
      const w = rows.weights[k] as number;
      const row = (slotOf.get(rows.movies[k] as number) as number) * d;
      for (let j = 0; j < d; j++)
        gradients[row + j] = (gradients[row + j] as number) + w * (dy[base + j] as number);
    }
  }
  return { movies: Int32Array.from(slotOf.keys()), gradients };
}
