import * as tf from '@tensorflow/tfjs';

/**
 * Draws movies with probability proportional to (training ratings + 1)^exponent: 0.75 is
 * word2vec's unigram^0.75, 0 is uniform. The +1 gives every movie a chance to be a negative, so
 * a movie nobody trained on is still pushed down.
 */
export class PopularitySampler {
  /** Each movie's probability of one draw. */
  readonly probabilities: Float64Array;
  private readonly cumulative: Float64Array;

  constructor(counts: ArrayLike<number>, exponent: number) {
    const n = counts.length;
    if (n === 0) throw new Error('the sampler needs at least one movie');
    const weights = Float64Array.from({ length: n }, (_, i) =>
      Math.pow((counts[i] as number) + 1, exponent),
    );
    const total = weights.reduce((a, b) => a + b, 0);
    this.probabilities = weights.map((w) => w / total);
    this.cumulative = new Float64Array(n);
    let sum = 0;
    for (let i = 0; i < n; i++) this.cumulative[i] = sum += this.probabilities[i] as number;
  }

  /** `count` independent draws (with replacement), movie indices. */
  draw(count: number, random: () => number): Int32Array {
    const out = new Int32Array(count);
    const last = this.cumulative.length - 1;
    for (let k = 0; k < count; k++) {
      const u = random() * (this.cumulative[last] as number);
      let lo = 0;
      let hi = last;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((this.cumulative[mid] as number) > u) hi = mid;
        else lo = mid + 1;
      }
      out[k] = lo;
    }
    return out;
  }
}

/** A configured sampled softmax (RankingConfig.sampledSoftmax): its sampler and draws a batch. */
export interface SoftmaxSampling {
  sampler: PopularitySampler;
  negatives: number;
}

/**
 * One batch's columns for a sampled softmax: the movies it scores, and per user and column the
 * target (1 for the user's own movies) and the offset added to the logit. A user's softmax runs
 * over their own movies (offset 0: always present) and the batch's sampled negatives that are
 * not theirs (offset -log(draws × q / times drawn), the logQ correction); the other columns are
 * masked. Each user's normaliser is then an unbiased estimate of the full one: their movies'
 * terms exact, the rest estimated by importance sampling (Bengio & Senecal 2008; Jean et al.
 * 2015).
 */
export interface SampledColumns {
  movies: Int32Array;
  /** Row-major [users, movies.length]. */
  targets: Float32Array;
  offsets: Float32Array;
}

/** A logit offset that removes a column from a user's softmax without an infinity (0 × -inf). */
const MASKED = -1e9;

export function sampledColumns(
  positives: readonly (readonly number[])[],
  sampler: PopularitySampler,
  negatives: number,
  random: () => number,
): SampledColumns {
  const drawn = new Map<number, number>();
  for (const movie of sampler.draw(negatives, random))
    drawn.set(movie, (drawn.get(movie) ?? 0) + 1);
  const columnOf = new Map<number, number>();
  for (const movie of [...positives.flat(), ...drawn.keys()]) {
    if (!columnOf.has(movie)) columnOf.set(movie, columnOf.size);
  }

  const width = columnOf.size;
  const movies = new Int32Array(width);
  for (const [movie, column] of columnOf) movies[column] = movie;
  const negativeOffsets = new Float32Array(width).fill(MASKED);
  for (const [movie, times] of drawn) {
    const expected = negatives * (sampler.probabilities[movie] as number);
    negativeOffsets[columnOf.get(movie) as number] = Math.log(times / expected);
  }
  const targets = new Float32Array(positives.length * width);
  const offsets = new Float32Array(positives.length * width);
  positives.forEach((own, b) => {
    const row = b * width;
    offsets.set(negativeOffsets, row);
    for (const movie of own) {
      const column = columnOf.get(movie) as number;
      targets[row + column] = 1;
      offsets[row + column] = 0;
    }
  });
  return { movies, targets, offsets };
}

/**
 * The batch's mean multinomial negative log-likelihood with a sampled normaliser (see
 * SampledColumns): `users` [batch, d] against the `output` rows and `bias` of the columns' movies.
 * Call it inside tf.tidy or an optimizer's minimize: it leaves its intermediate tensors to them.
 */
export function sampledSoftmaxLoss(
  users: tf.Tensor2D,
  output: tf.Tensor,
  bias: tf.Tensor,
  columns: SampledColumns,
): tf.Scalar {
  const index = tf.tensor1d(columns.movies, 'int32');
  return sampledSoftmaxLossOfRows(users, tf.gather(output, index), tf.gather(bias, index), columns);
}

/**
 * The same loss given the columns' own rows: `outputRows` [columns, d] and `biasRows` [columns],
 * in the order of `columns.movies`.
 */
export function sampledSoftmaxLossOfRows(
  users: tf.Tensor2D,
  outputRows: tf.Tensor,
  biasRows: tf.Tensor,
  columns: SampledColumns,
): tf.Scalar {
  const batch = users.shape[0];
  const width = columns.movies.length;
  // An explicit transpose, then a plain product: wasm runs products with transposeB through a
  // scalar loop about ten times slower.
  const logits = tf.add(
    tf.add(tf.matMul(users, tf.transpose(outputRows)), biasRows),
    tf.tensor2d(columns.offsets, [batch, width]),
  );
  const targets = tf.tensor2d(columns.targets, [batch, width]);
  return tf.neg(tf.div(tf.sum(tf.mul(tf.logSoftmax(logits), targets)), batch)) as tf.Scalar;
}

/** Row-major [users, movies] with 1 at each user's movies: the full softmax's targets. */
export function denseTargets(
  positives: readonly (readonly number[])[],
  movies: number,
): Float32Array {
  const targets = new Float32Array(positives.length * movies);
  positives.forEach((own, b) => {
    for (const movie of own) targets[b * movies + movie] = 1;
  });
  return targets;
}

/** The same loss over every movie (`targets` [batch, movies]), the reference it estimates. */
export function fullSoftmaxLoss(
  users: tf.Tensor2D,
  output: tf.Tensor,
  bias: tf.Tensor,
  targets: tf.Tensor2D,
): tf.Scalar {
  const logits = tf.add(tf.matMul(users, tf.transpose(output)), bias);
  return tf.neg(
    tf.div(tf.sum(tf.mul(tf.logSoftmax(logits), targets)), users.shape[0]),
  ) as tf.Scalar;
}
