import * as tf from '@tensorflow/tfjs';
import { squaredNorm } from './squared-norm';

describe('squaredNorm', () => {
  const tables = () => [
    tf.tensor2d([
      [1, -2],
      [0.5, 3],
    ]),
    tf.tensor1d([4, -0.25]),
  ];

  it('sums the squares of every entry of every table', () => {
    const ts = tables();
    const value = squaredNorm(ts);
    expect(value.dataSync()[0]).toBeCloseTo(1 + 4 + 0.25 + 9 + 16 + 0.0625, 5);
    tf.dispose([...ts, value]);
  });

  it('has the gradient 2 x times the upstream gradient', () => {
    const ts = tables();
    const [da, db] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.mul(squaredNorm([a, b]), 3))(ts);
    expect(da?.arraySync()).toEqual([
      [6, -12],
      [3, 18],
    ]);
    expect(db?.arraySync()).toEqual([24, -1.5]);
    tf.dispose([...ts, da as tf.Tensor, db as tf.Tensor]);
  });
});
