import * as tf from '@tensorflow/tfjs';
import { LazyAdamTable } from './lazy-adam';
import { sampledSoftmaxLossOfRows, type SampledColumns } from './sampled-softmax';
import { sumRows, touchedRowGradients, type SparseRows } from './sparse-rows';

/**
 * The ranking network's tables (input and output [movies, d], bias [movies]) trained with the
 * sampled softmax and sparse Adam (LazyAdamTable): a step reads and updates only the rows it
 * touches, its users' input movies and its columns' output rows and biases, and never builds a
 * [movies, d] gradient. The l2 term covers the touched input and output rows.
 */
export class LazyRankingTables {
  readonly input: LazyAdamTable;
  readonly output: LazyAdamTable;
  readonly bias: LazyAdamTable;
  private steps = 0;

  /** Takes the tables' initial values (row-major) and keeps them as its own. */
  constructor(
    input: Float32Array,
    output: Float32Array,
    bias: Float32Array,
    readonly d: number,
    learningRate: number,
  ) {
    this.input = new LazyAdamTable(input, d, learningRate);
    this.output = new LazyAdamTable(output, d, learningRate);
    this.bias = new LazyAdamTable(bias, 1, learningRate);
  }

  /**
   * One Adam step on the users `x` against `columns`; returns the batch's loss: the mean negative
   * log-likelihood plus l2 × the squared norm of the touched rows before the step.
   */
  train(x: SparseRows, columns: SampledColumns, l2: number): number {
    const d = this.d;
    const users = x.offsets.length - 1;
    const width = columns.movies.length;
    const touched = columns.movies;
    const sums = tf.tensor2d(sumRows(this.input.values, d, x), [users, d]);
    const outputRows = tf.tensor2d(gatherRows(this.output.values, d, touched), [width, d]);
    const biasRows = tf.tensor1d(gatherRows(this.bias.values, 1, touched));
    const lossOf = (s: tf.Tensor, o: tf.Tensor, b: tf.Tensor): tf.Scalar =>
      sampledSoftmaxLossOfRows(tf.tanh(s) as tf.Tensor2D, o, b, columns);
    const { value, grads } = tf.valueAndGrads(lossOf)([sums, outputRows, biasRows]);
    const [dSums, dOutput, dBias] = grads as [tf.Tensor, tf.Tensor, tf.Tensor];
    const input = touchedRowGradients(dSums.dataSync() as Float32Array, d, x);
    const likelihood = value.dataSync()[0] as number;
    const ridge =
      l2 *
      (squaredNormOfRows(this.input.values, d, input.movies) +
        squaredNormOfRows(this.output.values, d, touched));
    const step = ++this.steps;
    this.input.update(input.movies, input.gradients, step, l2);
    this.output.update(touched, dOutput.dataSync() as Float32Array, step, l2);
    this.bias.update(touched, dBias.dataSync() as Float32Array, step);
    tf.dispose([sums, outputRows, biasRows, value, dSums, dOutput, dBias]);
    return likelihood + ridge;
  }
}

function gatherRows(table: Float32Array, d: number, rows: Int32Array): Float32Array {
  const out = new Float32Array(rows.length * d);
  rows.forEach((row, k) => out.set(table.subarray(row * d, (row + 1) * d), k * d));
  return out;
}

function squaredNormOfRows(table: Float32Array, d: number, rows: Int32Array): number {
  let total = 0;
  for (const row of rows) {
    for (let j = row * d; j < (row + 1) * d; j++) total += (table[j] as number) ** 2;
  }
  return total;
}
