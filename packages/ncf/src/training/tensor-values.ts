import * as tf from '@tensorflow/tfjs';

/**
 * A copy of a float tensor's values; the tensor is disposed. For what a tf.tidy computes: a tidy
 * returning the values themselves walks them one by one looking for tensors, which for a table
 * over every movie holds the event loop for seconds (tens of seconds at 50k movies).
 */
export function takeValues(tensor: tf.Tensor): Float32Array {
  try {
    return new Float32Array(tensor.dataSync());
  } finally {
    tensor.dispose();
  }
}
