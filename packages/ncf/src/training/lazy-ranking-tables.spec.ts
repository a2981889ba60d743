import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../network/backend';
import { createRandom } from '../format/random';
import { LazyRankingTables } from './lazy-ranking-tables';
import { sampledSoftmaxLoss, type SampledColumns } from './sampled-softmax';
import { weightedRowSums, type SparseRows } from './sparse-rows';

beforeAll(() => initBackend());

const MOVIES = 6;
const D = 3;
const LEARNING_RATE = 0.05;
const L2 = 0.1;

// User 0 rated movies 0 and 2, user 1 movie 2; the columns are movies 1, 2 and 4. Movies 3 and 5
// are in neither: no step may move them.
const x: SparseRows = {
  offsets: Int32Array.of(0, 2, 3),
  movies: Int32Array.of(0, 2, 2),
  weights: Float32Array.of(0.6, 0.8, 1),
};
const columns: SampledColumns = {
  movies: Int32Array.of(1, 2, 4),
  targets: Float32Array.of(0, 1, 0, 1, 0, 0),
  offsets: Float32Array.of(0.3, 0, -1e9, 0, 0.1, -0.2),
};
const inputRows = [0, 2];
const outputRows = [1, 2, 4];

const random = createRandom(3);
const initial = {
  input: Float32Array.from({ length: MOVIES * D }, () => random() - 0.5),
  output: Float32Array.from({ length: MOVIES * D }, () => random() - 0.5),
  bias: Float32Array.from({ length: MOVIES }, () => random() - 0.5),
};

/** 1 on the rows given, 0 elsewhere, [MOVIES, D]. */
function rowMask(rows: readonly number[]): tf.Tensor2D {
  const mask = new Float32Array(MOVIES * D);
  for (const r of rows) mask.fill(1, r * D, (r + 1) * D);
  return tf.tensor2d(mask, [MOVIES, D]);
}

/** tf.train.adam over the whole tables for the same loss; the loss and tables after each step. */
function denseSteps(steps: number): { losses: number[]; tables: Float32Array[] } {
  const input = tf.variable(tf.tensor2d(initial.input, [MOVIES, D]));
  const output = tf.variable(tf.tensor2d(initial.output, [MOVIES, D]));
  const bias = tf.variable(tf.tensor1d(initial.bias));
  const inputMask = rowMask(inputRows);
  const outputMask = rowMask(outputRows);
  const optimizer = tf.train.adam(LEARNING_RATE);
  const losses: number[] = [];
  for (let s = 0; s < steps; s++) {
    const cost = optimizer.minimize(() => {
      const loss = sampledSoftmaxLoss(tf.tanh(weightedRowSums(input, x)), output, bias, columns);
      const ridge = tf.add(
        tf.sum(tf.mul(tf.square(input), inputMask)),
        tf.sum(tf.mul(tf.square(output), outputMask)),
      );
      return tf.add(loss, tf.mul(L2, ridge)) as tf.Scalar;
    }, true) as tf.Scalar;
    losses.push(cost.dataSync()[0]!);
    cost.dispose();
  }
  const tables = [input, output, bias].map((v) => new Float32Array(v.dataSync()));
  optimizer.dispose();
  tf.dispose([input, output, bias, inputMask, outputMask]);
  return { losses, tables };
}

function lazyTables(): LazyRankingTables {
  return new LazyRankingTables(
    initial.input.slice(),
    initial.output.slice(),
    initial.bias.slice(),
    D,
    LEARNING_RATE,
  );
}

function expectClose(actual: Float32Array, expected: Float32Array): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 5));
}

describe('LazyRankingTables', () => {
  it('takes the steps dense Adam takes when the l2 term covers the touched rows', () => {
    const lazy = lazyTables();
    const losses = [lazy.train(x, columns, L2), lazy.train(x, columns, L2)];
    const dense = denseSteps(2);
    losses.forEach((loss, s) => expect(loss).toBeCloseTo(dense.losses[s]!, 5));
    expectClose(lazy.input.values, dense.tables[0]!);
    expectClose(lazy.output.values, dense.tables[1]!);
    expectClose(lazy.bias.values, dense.tables[2]!);
  });

  it('moves the touched rows only', () => {
    const lazy = lazyTables();
    lazy.train(x, columns, L2);
    const moved = (values: Float32Array, before: Float32Array, width: number) =>
      Array.from({ length: MOVIES }, (_, r) =>
        values.subarray(r * width, (r + 1) * width).some((v, j) => v !== before[r * width + j]),
      );
    expect(moved(lazy.input.values, initial.input, D)).toEqual([
      true,
      false,
      true,
      false,
      false,
      false,
    ]);
    const outputMoved = [false, true, true, false, true, false];
    expect(moved(lazy.output.values, initial.output, D)).toEqual(outputMoved);
    expect(moved(lazy.bias.values, initial.bias, 1)).toEqual(outputMoved);
  });

  it('leaves no tensor behind', () => {
    const lazy = lazyTables();
    const before = tf.memory().numTensors;
    lazy.train(x, columns, L2);
    expect(tf.memory().numTensors).toBe(before);
  });
});
