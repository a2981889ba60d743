import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../network/backend';
import { createRandom } from '../format/random';
import { LazyAdamTable } from './lazy-adam';
import { LazyAdamVariable } from './lazy-adam-variable';

beforeAll(() => initBackend());

const ROWS = 5;
const WIDTH = 3;

describe('LazyAdamVariable', () => {
  it('takes the steps LazyAdamTable takes, from dense gradients, and leaves no tensor behind', () => {
    const random = createRandom(8);
    const initial = Float32Array.from({ length: ROWS * WIDTH }, () => random() - 0.5);
    const table = new LazyAdamTable(initial.slice(), WIDTH, 0.05);
    const variable = tf.variable(tf.tensor2d(initial, [ROWS, WIDTH]));
    const lazy = new LazyAdamVariable(variable, 0.05);
    const before = tf.memory().numTensors;
    // Row 4 is never touched; row 1 sits out step 2.
    const touched = [
      [1, 3],
      [0, 3],
      [3, 1, 2],
    ];
    touched.forEach((rows, k) => {
      const gradients = Float32Array.from({ length: rows.length * WIDTH }, () => random() - 0.5);
      const dense = new Float32Array(ROWS * WIDTH);
      rows.forEach((r, i) => dense.set(gradients.subarray(i * WIDTH, (i + 1) * WIDTH), r * WIDTH));
      table.update(Int32Array.from(rows), gradients, k + 1, 0.2);
      const index = tf.tensor1d(rows, 'int32');
      const gradient = tf.tensor2d(dense, [ROWS, WIDTH]);
      lazy.update(index, gradient, k + 1, 0.2);
      tf.dispose([index, gradient]);
    });
    expect(tf.memory().numTensors).toBe(before);
    const values = variable.dataSync();
    table.values.forEach((v, i) => expect(values[i]).toBeCloseTo(v, 5));
    expect(Array.from(values.subarray(4 * WIDTH))).toEqual(Array.from(initial.subarray(4 * WIDTH)));
    lazy.dispose();
    variable.dispose();
  });
});
