import * as tf from '@tensorflow/tfjs';
import { takeValues } from './tensor-values';

describe('takeValues', () => {
  it("copies a tensor's values and disposes of it", () => {
    const before = tf.memory().numTensors;
    const tensor = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    const values = takeValues(tensor);
    expect(Array.from(values)).toEqual([1, 2, 3, 4]);
    expect(values).toBeInstanceOf(Float32Array);
    expect(tensor.isDisposed).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });
});
