import * as tf from '@tensorflow/tfjs';
import { ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON } from './lazy-adam';

/**
 * LazyAdamTable's update for a table that stays a tfjs variable (the rating network's embedding
 * and bias tables, read by its layers): the rows given take Adam's step, moments and values; the
 * others keep theirs. The gradient comes dense (the layers' gather gradient), so a step still
 * copies the table, its moments and the gradient once each, but runs Adam's arithmetic on the
 * touched rows only.
 */
export class LazyAdamVariable {
  private readonly firstMoments: tf.Variable;
  private readonly secondMoments: tf.Variable;

  constructor(
    readonly variable: tf.Variable,
    private readonly learningRate: number,
  ) {
    // tidy frees the zeros; the variables hold their data.
    this.firstMoments = tf.tidy(() => tf.variable(tf.zerosLike(variable), false));
    this.secondMoments = tf.tidy(() => tf.variable(tf.zerosLike(variable), false));
  }

  /**
   * Adam's step `step` (1-based, over the whole training) for the distinct `rows` (int32), with
   * the variable's dense loss `gradient`; with `l2`, each of these rows' loss also has l2 × its
   * squared norm.
   */
  update(rows: tf.Tensor1D, gradient: tf.Tensor, step: number, l2 = 0): void {
    const correction1 = 1 - Math.pow(ADAM_BETA1, step);
    const correction2 = 1 - Math.pow(ADAM_BETA2, step);
    tf.tidy(() => {
      const index = tf.reshape(rows, [-1, 1]);
      const value = tf.gather(this.variable, rows);
      const g =
        l2 === 0
          ? tf.gather(gradient, rows)
          : tf.add(tf.gather(gradient, rows), tf.mul(value, 2 * l2));
      const first = tf.add(
        tf.mul(tf.gather(this.firstMoments, rows), ADAM_BETA1),
        tf.mul(g, 1 - ADAM_BETA1),
      );
      const second = tf.add(
        tf.mul(tf.gather(this.secondMoments, rows), ADAM_BETA2),
        tf.mul(tf.square(g), 1 - ADAM_BETA2),
      );
      const stepSize = tf.div(
        tf.mul(first, this.learningRate / correction1),
        tf.add(tf.sqrt(tf.div(second, correction2)), ADAM_EPSILON),
      );
      this.firstMoments.assign(tf.tensorScatterUpdate(this.firstMoments, index, first));
      this.secondMoments.assign(tf.tensorScatterUpdate(this.secondMoments, index, second));
      this.variable.assign(tf.tensorScatterUpdate(this.variable, index, tf.sub(value, stepSize)));
    });
  }

  dispose(): void {
    tf.dispose([this.firstMoments, this.secondMoments]);
  }
}
