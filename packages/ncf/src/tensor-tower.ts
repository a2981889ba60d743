import * as tf from '@tensorflow/tfjs';
import { MIN_RATING } from '@marquee/contracts';
import { RATING_RANGE } from './rating-scale';

import type { DenseWeights } from './network';

/**
 * The per-film terms of the output logit beyond the last hidden layer, for models with bias
 * terms or a GMF branch: b_i + b0 per film, and the film GMF embeddings times the output's GMF
 * weights (row-major [movies, gmfDim]; gmfDim may be 0).
 */
export interface FilmLinearTerms {
  movieLinear: Float32Array;
  weightedMovieGmf: Float32Array;
  gmfDim: number;
}

/** The user's terms matching FilmLinearTerms: GMF vector (length gmfDim) and bias. */
export interface UserLinearTerms {
  gmf: Float32Array;
  bias: number;
}

/** The backends on which the tensor path beats the typed-array loop (see bench/scoring.ts). */
export const TENSOR_BACKENDS: readonly string[] = ['wasm', 'tensorflow'];

/** The TensorFlow.js backend this process has set up, or null if none has been set yet. */
export function activeBackend(): string | null {
  // engine().backendName is a plain field: reading it never starts a backend's initialisation
  // (tf.getBackend() would, and would pick one behind initBackend's back).
  return tf.engine().backendName ?? null;
}

/** Tensors alive on the TensorFlow.js engine (for leak checks). */
export function liveTensorCount(): number {
  return tf.memory().numTensors;
}

/**
 * Everything after the first layer's matrix products, as tensors kept on the backend for the
 * life of one model version: the precomputed item part [movies, h0] of the first hidden layer,
 * the later hidden layers and the output layer. Scoring one user is one broadcast add + ReLU,
 * one fused matMul(+bias, ReLU) per later hidden layer and a fused matMul(+bias, sigmoid),
 * read back once. With bias terms or a GMF branch (`linear`), the output matMul adds the per-film
 * biases, a [movies, gmfDim] x [gmfDim] product adds the GMF term, and the user's bias is added
 * before the sigmoid. The owner must call dispose() when the model is retired.
 */
export class TensorTower {
  readonly movies: number;
  private readonly firstUnits: number;
  private readonly itemPart: tf.Tensor2D;
  private readonly hidden: { kernel: tf.Tensor2D; bias: tf.Tensor1D }[];
  private readonly output: { kernel: tf.Tensor2D; bias: tf.Tensor1D };
  /** [movies, 1] per-film biases and [movies, gmfDim] weighted GMF rows, when the model has them. */
  private readonly linear: { movieLinear: tf.Tensor2D; gmf: tf.Tensor2D | null } | null;
  private readonly gmfDim: number;
  private disposed = false;

  /**
   * @param itemPart row-major [movies, firstUnits]: movie rows of the first kernel times the
   *   movie embeddings, plus the first bias
   */
  constructor(
    itemPart: Float32Array,
    movies: number,
    firstUnits: number,
    hidden: DenseWeights[],
    output: DenseWeights,
    linear?: FilmLinearTerms,
  ) {
    if (activeBackend() === null) {
      throw new Error('TensorTower needs a TensorFlow.js backend: call initBackend() first');
    }
    this.movies = movies;
    this.firstUnits = firstUnits;
    const created: tf.Tensor[] = [];
    const keep = <T extends tf.Tensor>(t: T): T => {
      created.push(t);
      return tf.keep(t);
    };
    try {
      this.itemPart = keep(tf.tensor2d(itemPart, [movies, firstUnits]));
      this.hidden = hidden.map((layer) => ({
        kernel: keep(tf.tensor2d(layer.kernel, [layer.inputs, layer.units])),
        bias: keep(tf.tensor1d(layer.bias)),
      }));
      this.output = {
        kernel: keep(tf.tensor2d(output.kernel, [output.inputs, output.units])),
        bias: keep(tf.tensor1d(output.bias)),
      };
      this.gmfDim = linear?.gmfDim ?? 0;
      this.linear = linear
        ? {
            movieLinear: keep(tf.tensor2d(linear.movieLinear, [movies, 1])),
            gmf:
              linear.gmfDim > 0
                ? keep(tf.tensor2d(linear.weightedMovieGmf, [movies, linear.gmfDim]))
                : null,
          }
        : null;
    } catch (error) {
      tf.dispose(created);
      throw error;
    }
  }

  /** How many tensors this tower keeps alive until dispose(). */
  get tensorCount(): number {
    if (this.disposed) return 0;
    const linear = this.linear ? (this.linear.gmf ? 2 : 1) : 0;
    return 1 + 2 * this.hidden.length + 2 + linear;
  }

  /**
   * Predicted rating per movie for a user whose first-layer contribution is `userPart`
   * (userVector @ W1[user rows], length firstUnits).
   */
  score(userPart: Float32Array, user?: UserLinearTerms): Float32Array {
    if (this.disposed) throw new Error('this model was disposed; it can no longer score');
    if (userPart.length !== this.firstUnits) {
      throw new RangeError(`user part must have ${this.firstUnits} values, got ${userPart.length}`);
    }
    if (this.linear && (!user || user.gmf.length !== this.gmfDim)) {
      throw new RangeError(`this model needs the user's GMF vector (${this.gmfDim}) and bias`);
    }
    const linear = this.linear;
    // The tidy returns the tensor, not its data: tidy walks a returned value looking for
    // tensors, and walking a typed array of every movie's score costs more than the math.
    const probabilities = tf.tidy(() => {
      let h: tf.Tensor = tf.relu(tf.add(this.itemPart, tf.tensor1d(userPart)));
      for (const { kernel, bias } of this.hidden) {
        h = tf.fused.matMul({ a: h, b: kernel, bias, activation: 'relu' });
      }
      if (linear && user) {
        // The wasm backend's fused matMul only takes a rank-1 bias, so the per-film one is added.
        let z: tf.Tensor = tf.add(tf.matMul(h, this.output.kernel), linear.movieLinear);
        if (linear.gmf)
          z = tf.add(z, tf.matMul(linear.gmf, tf.tensor2d(user.gmf, [this.gmfDim, 1])));
        return tf.sigmoid(tf.add(z, user.bias));
      }
      return tf.fused.matMul({
        a: h,
        b: this.output.kernel,
        bias: this.output.bias,
        activation: 'sigmoid',
      });
    });
    let raw: Float32Array;
    try {
      // On the CPU backend this is the tensor's own buffer: read it, never write to it.
      raw = probabilities.dataSync() as Float32Array;
    } finally {
      probabilities.dispose();
    }
    const scores = new Float32Array(raw.length);
    for (let i = 0; i < raw.length; i++) scores[i] = MIN_RATING + RATING_RANGE * (raw[i] as number);
    return scores;
  }

  /** Frees the kept tensors. Idempotent; score() throws afterwards. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    tf.dispose([
      this.itemPart,
      ...this.hidden.flatMap((l) => [l.kernel, l.bias]),
      this.output.kernel,
      this.output.bias,
      ...(this.linear ? [this.linear.movieLinear] : []),
      ...(this.linear?.gmf ? [this.linear.gmf] : []),
    ]);
  }

  get isDisposed(): boolean {
    return this.disposed;
  }
}
