/** tfjs's Adam defaults (tf.train.adam; epsilon is the float32 backends' epsilon). */
export const ADAM_BETA1 = 0.9;
export const ADAM_BETA2 = 0.999;
export const ADAM_EPSILON = 1e-7;

/**
 * A row-major table [rows, width] trained with sparse ("lazy") Adam, as TensorFlow's
 * LazyAdamOptimizer and PyTorch's SparseAdam: a step updates the moments and values of the rows
 * it is given only; the others keep theirs, unlike dense Adam, which decays every row's moments
 * and moves every row with a non-zero first moment at every step. For a row touched at every step
 * the two are the same. The bias correction uses the global step, so a row touched rarely still
 * takes a step of about the learning rate. The math is tf.train.adam's.
 */
export class LazyAdamTable {
  readonly values: Float32Array;
  readonly firstMoments: Float32Array;
  readonly secondMoments: Float32Array;

  constructor(
    values: Float32Array,
    readonly width: number,
    private readonly learningRate: number,
  ) {
    if (values.length % width !== 0) throw new Error('the values are not whole rows');
    this.values = values;
    this.firstMoments = new Float32Array(values.length);
    this.secondMoments = new Float32Array(values.length);
  }

  /**
   * Adam's step `step` (1-based, counted over every step of the training) for the distinct `rows`,
   * whose loss gradients are `gradients` (row-major [rows.length, width], in `rows`' order). With
   * `l2`, each of these rows' loss also has l2 × its squared norm (a ridge term on the touched
   * rows only).
   */
  update(rows: Int32Array, gradients: Float32Array, step: number, l2 = 0): void {
    const width = this.width;
    if (gradients.length !== rows.length * width) {
      throw new Error(`${gradients.length} gradient values for ${rows.length} rows of ${width}`);
    }
    const correction1 = 1 - Math.pow(ADAM_BETA1, step);
    const correction2 = 1 - Math.pow(ADAM_BETA2, step);
    const { values, firstMoments: m, secondMoments: v } = this;
    for (let k = 0; k < rows.length; k++) {
      const base = (rows[k] as number) * width;
      const from = k * width;
      for (let j = 0; j < width; j++) {
        const at = base + j;
        const value = values[at] as number;
        const g = (gradients[from + j] as number) + 2 * l2 * value;
        const first = ADAM_BETA1 * (m[at] as number) + (1 - ADAM_BETA1) * g;
        const second = ADAM_BETA2 * (v[at] as number) + (1 - ADAM_BETA2) * g * g;
        m[at] = first;
        v[at] = second;
        values[at] =
          value -
          (this.learningRate * (first / correction1)) /
            (Math.sqrt(second / correction2) + ADAM_EPSILON);
      }
    }
  }
}
