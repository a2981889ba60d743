import * as tf from '@tensorflow/tfjs';

/**
 * Sum of the squares of one tensor's entries, with its gradient 2 x dy written out. The chain
 * of the default gradients (sum, then square) builds a tensor of ones the size of the input in
 * JavaScript and multiplies three times; for the embedding tables, every batch, that is about
 * 4% of an epoch on wasm.
 */
const sumOfSquares = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  // customGrad passes the inputs, then the function that saves tensors for gradFunc.
  const [x, save] = args as [tf.Tensor, tf.GradSaveFunc];
  save([x]);
  return {
    value: tf.sum(tf.square(x)),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.mul(saved[0] as tf.Tensor, tf.mul(dy, 2)),
  };
});

/**
 * Sum of squares of every row of the tables. Added to the mean loss as l2 / (training ratings)
 * times this, the loss is the MAP objective of a Gaussian prior on each row (ridge with weight
 * l2 per row, as in ALS): a movie rated once is pulled to 0 as strongly as a movie rated often is,
 * but its one rating weighs little against the prior, so rare rows stay near 0.
 */
export function squaredNorm(tables: readonly tf.Tensor[]): tf.Scalar {
  let total: tf.Tensor = tf.scalar(0);
  for (const table of tables) total = tf.add(total, sumOfSquares(table));
  return total as tf.Scalar;
}
