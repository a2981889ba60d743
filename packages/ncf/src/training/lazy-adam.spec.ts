import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../network/backend';
import { LazyAdamTable } from './lazy-adam';

beforeAll(() => initBackend());

const LEARNING_RATE = 0.1;
const WIDTH = 2;
const INITIAL = [1, 2, 3, 4, 5, 6, 7, 8];

/** Rows [rows.length, WIDTH] of a table as nested arrays. */
function rowsOf(values: Float32Array, rows: readonly number[]): number[][] {
  return rows.map((r) => Array.from(values.subarray(r * WIDTH, (r + 1) * WIDTH)));
}

/**
 * tf.train.adam on the same table for the same steps: each step's loss is the gradient's dot
 * product with the table plus l2 × the squared norm of the touched rows, so the touched rows'
 * gradients are `gradients` + 2 l2 w and the others' are 0.
 */
function denseAdam(
  steps: readonly { rows: number[]; gradients: number[] }[],
  l2: number,
): Float32Array {
  const table = tf.variable(tf.tensor2d(INITIAL, [INITIAL.length / WIDTH, WIDTH]));
  const optimizer = tf.train.adam(LEARNING_RATE);
  for (const { rows, gradients } of steps) {
    const full = new Float32Array(INITIAL.length);
    const mask = new Float32Array(INITIAL.length);
    rows.forEach((r, k) => {
      for (let j = 0; j < WIDTH; j++) {
        full[r * WIDTH + j] = gradients[k * WIDTH + j]!;
        mask[r * WIDTH + j] = 1;
      }
    });
    optimizer.minimize(() => {
      const linear = tf.sum(tf.mul(table, tf.tensor2d(full, table.shape)));
      const ridge = tf.sum(tf.mul(tf.square(table), tf.tensor2d(mask, table.shape)));
      return tf.add(linear, tf.mul(l2, ridge)) as tf.Scalar;
    });
  }
  const values = new Float32Array(table.dataSync());
  optimizer.dispose();
  table.dispose();
  return values;
}

function expectClose(actual: number[][], expected: number[][]): void {
  actual.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[i]![j]!, 5)));
}

describe('LazyAdamTable', () => {
  it("moves the touched rows by Adam's step and leaves the others and their moments alone", () => {
    const table = new LazyAdamTable(Float32Array.from(INITIAL), WIDTH, LEARNING_RATE);
    table.update(Int32Array.of(2, 0), Float32Array.of(0.5, -2, 0.5, 0), 1);
    // Step 1: the bias-corrected moments are g and g², so a row moves by the rate against the
    // sign of its gradient (and not at all where the gradient is 0).
    expectClose(rowsOf(table.values, [0, 2]), [
      [0.9, 2],
      [4.9, 6.1],
    ]);
    table.update(Int32Array.of(0), Float32Array.of(-1, 0), 2);
    // Step 2 of row 0: m = 0.9 × 0.05 + 0.1 × -1 = -0.055, v = 0.999 × 0.00025 + 0.001 × 1 =
    // 0.00124975; it moves by 0.1 × (m / 0.19) / sqrt(v / 0.001999) = -0.0366104.
    expectClose(rowsOf(table.values, [0]), [[0.9366104, 2]]);
    expect(table.firstMoments[0]).toBeCloseTo(-0.055, 7);
    expect(table.secondMoments[0]).toBeCloseTo(0.00124975, 9);
    // Row 2, touched at step 1 only, kept its weights and moments at step 2; rows 1 and 3 were
    // never touched.
    expectClose(rowsOf(table.values, [1, 2, 3]), [
      [3, 4],
      [4.9, 6.1],
      [7, 8],
    ]);
    expect(Array.from(table.firstMoments.subarray(4, 6))).toEqual([
      Math.fround(0.1 * 0.5),
      Math.fround(0.1 * -2),
    ]);
    expect(Array.from(table.firstMoments.subarray(2, 4))).toEqual([0, 0]);
    expect(Array.from(table.secondMoments.subarray(6, 8))).toEqual([0, 0]);
  });

  it('matches tf.train.adam for rows touched at every step, l2 on them included, and differs for a row it skipped', () => {
    const steps = [
      { rows: [1, 3], gradients: [0.3, -0.7, 1.2, 0.1] },
      { rows: [3, 1], gradients: [-0.4, 0.9, 0.2, 0.6] },
      { rows: [1], gradients: [0.5, -0.5] },
    ];
    const l2 = 0.25;
    const lazy = new LazyAdamTable(Float32Array.from(INITIAL), WIDTH, LEARNING_RATE);
    steps.forEach(({ rows, gradients }, k) =>
      lazy.update(Int32Array.from(rows), Float32Array.from(gradients), k + 1, l2),
    );
    const dense = denseAdam(steps, l2);
    // Row 1 was touched at every step: the same. Rows 0 and 2 never: unchanged by both.
    expectClose(rowsOf(lazy.values, [0, 1, 2]), rowsOf(dense, [0, 1, 2]));
    expectClose(rowsOf(lazy.values, [0, 2]), [
      [1, 2],
      [5, 6],
    ]);
    // Row 3 sat out step 3: dense Adam still moved it by its decayed moments, lazy Adam did not.
    const lazyRow3 = rowsOf(lazy.values, [3])[0]!;
    const denseRow3 = rowsOf(dense, [3])[0]!;
    expect(Math.abs(lazyRow3[0]! - denseRow3[0]!)).toBeGreaterThan(0.01);
    const afterTwoSteps = denseAdam(steps.slice(0, 2), l2);
    expectClose([lazyRow3], rowsOf(afterTwoSteps, [3]));
  });

  it('refuses gradients that are not one row per index', () => {
    const table = new LazyAdamTable(Float32Array.from(INITIAL), WIDTH, LEARNING_RATE);
    expect(() => table.update(Int32Array.of(0, 1), Float32Array.of(1, 2, 3), 1)).toThrow(
      /3 gradient values for 2 rows/,
    );
  });
});
