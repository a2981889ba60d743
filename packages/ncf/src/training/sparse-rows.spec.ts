import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../network/backend';
import { createRandom } from '../format/random';
import { sparseInputs, touchedRowGradients, weightedRowSums, type SparseRows } from './sparse-rows';

beforeAll(() => initBackend());

/** The same users as a dense [users, movies] matrix of weights. */
function dense(rows: SparseRows, movies: number): tf.Tensor2D {
  const users = rows.offsets.length - 1;
  const x = new Float32Array(users * movies);
  for (let b = 0; b < users; b++) {
    for (let k = rows.offsets[b]!; k < rows.offsets[b + 1]!; k++) {
      const at = b * movies + rows.movies[k]!;
      x[at] = x[at]! + rows.weights[k]!;
    }
  }
  return tf.tensor2d(x, [users, movies]);
}

describe('weightedRowSums', () => {
  const movies = 7;
  const d = 3;
  const random = createRandom(5);
  const values = Float32Array.from({ length: movies * d }, () => random() - 0.5);
  const tableOf = () => tf.tensor2d(values, [movies, d]);
  // User 1 rated nothing; movie 4 is rated by two users, movie 6 by none.
  const rows: SparseRows = {
    offsets: Int32Array.of(0, 3, 3, 5),
    movies: Int32Array.of(4, 0, 2, 4, 5),
    weights: Float32Array.of(0.5, -1, 2, 0.25, 1.5),
  };

  it('is the product of the users’ weights with the table', () => {
    const table = tableOf();
    const expected = tf.matMul(dense(rows, movies), table).arraySync() as number[][];
    const sums = weightedRowSums(table, rows);
    expect(sums.shape).toEqual([3, d]);
    sums
      .arraySync()
      .forEach((row, b) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[b]![j]!, 5)));
    expect(sums.arraySync()[1]).toEqual([0, 0, 0]);
  });

  it("has the product's gradient with respect to the table", () => {
    const table = tableOf();
    const upstream = tf.tensor2d(
      Float32Array.from({ length: 3 * d }, () => random() - 0.5),
      [3, d],
    );
    const loss = (f: (t: tf.Tensor) => tf.Tensor) => (t: tf.Tensor) =>
      tf.sum(tf.mul(f(t), upstream));
    const sparse = tf
      .grad(loss((t) => weightedRowSums(t, rows)))(table)
      .arraySync() as number[][];
    const x = dense(rows, movies);
    const expected = tf
      .grad(loss((t) => tf.matMul(x, t as tf.Tensor2D)))(table)
      .arraySync() as number[][];
    sparse.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[i]![j]!, 5)));
    // Movie 6 nobody rated gets no gradient; movie 4 gets both users' share.
    expect(sparse[6]).toEqual([0, 0, 0]);
    expect(sparse[4]!.some((v) => v !== 0)).toBe(true);
  });
});

describe('touchedRowGradients', () => {
  it("is weightedRowSums' gradient at the distinct movies rated, in order of first rating", () => {
    const d = 2;
    const rows: SparseRows = {
      offsets: Int32Array.of(0, 2, 3),
      movies: Int32Array.of(3, 1, 3),
      weights: Float32Array.of(0.5, 2, -1),
    };
    const dy = Float32Array.of(1, 2, 10, 20);
    const { movies, gradients } = touchedRowGradients(dy, d, rows);
    expect(Array.from(movies)).toEqual([3, 1]);
    // Movie 3: 0.5 × user 0's dy − 1 × user 1's; movie 1: 2 × user 0's.
    expect(Array.from(gradients)).toEqual([0.5 - 10, 1 - 20, 2, 4]);
    const table = tf.zeros([5, d]);
    const dense = tf
      .grad((t: tf.Tensor) => tf.sum(tf.mul(weightedRowSums(t, rows), tf.tensor2d(dy, [2, d]))))(
        table,
      )
      .arraySync() as number[][];
    expect([dense[3], dense[1]]).toEqual([
      [0.5 - 10, 1 - 20],
      [2, 4],
    ]);
  });
});

describe('sparseInputs', () => {
  const rated = new Map([
    [
      0,
      [
        { index: 2, rating: 3 },
        { index: 5, rating: 4 },
      ],
    ],
    [1, [{ index: 1, rating: 5 }]],
  ]);

  it("lists each user's movies weighted by rating over the norm of their ratings", () => {
    const x = sparseInputs([1, 0, 7], rated, null, () => 0);
    expect(Array.from(x.offsets)).toEqual([0, 1, 3, 3]);
    expect(Array.from(x.movies)).toEqual([1, 2, 5]);
    expect(Array.from(x.weights)).toEqual([1, 0.6, 0.8].map(Math.fround));
  });

  it('keeps a movie when its draw is under the keep rate, and renormalises what is kept', () => {
    const draws = [0.3, 0.9];
    const x = sparseInputs(
      [0],
      rated,
      () => 0.5,
      () => draws.shift()!,
    );
    expect(Array.from(x.movies)).toEqual([2]);
    expect(Array.from(x.weights)).toEqual([1]);
  });
});
