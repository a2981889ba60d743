import * as tf from '@tensorflow/tfjs';
import { MIN_RATING } from '../format/ratings';
import { RATING_RANGE } from './rating-scale';

import type { DenseWeights } from './network';

/**
 * The per-movie terms of the output logit beyond the last hidden layer, for models with bias
 * terms or a GMF branch: b_i + b0 per movie, and the movie GMF embeddings times the output's GMF
 * weights (row-major [movies, gmfDim]; gmfDim may be 0).
 */
export interface MovieLinearTerms {
  movieLinear: Float32Array;
  weightedMovieGmf: Float32Array;
  gmfDim: number;
}

/** The user's terms matching MovieLinearTerms: GMF vector (length gmfDim) and bias. */
export interface UserLinearTerms {
  gmf: Float32Array;
  bias: number;
}

/**
 * The backends on which the tensor path beats the typed-array loop (see ncf-lab's
 * benchmarks/scoring.ts).
 */
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
 * Movies per row of the kept first-layer movie part. The wasm backend adds a [64] vector to a
 * [movies, 64] matrix row by row, with a fixed cost per row; adding a 16-times repeated user part
 * to the same data laid out as [movies / 16, 16 * 64] does the same sums in half the time.
 */
const MOVIES_PER_ROW = 16;

/**
 * Everything after the first layer's matrix products, as tensors kept on the backend for the
 * life of one model version: the precomputed item part of the first hidden layer (MOVIES_PER_ROW
 * movies to a row, zero rows padding the catalogue to a multiple of that), the later hidden layers
 * and the output layer. Scoring one user is one broadcast add + ReLU, one fused matMul(+bias,
 * ReLU) per later hidden layer and a fused matMul(+bias, sigmoid), read back once. With bias
 * terms or a GMF branch (`linear`), the movie side of those terms is kept transposed
 * ([gmfDim + 1, movies]: the GMF rows, then ones for the user's bias), so one matMul of the user's
 * [GMF vector, bias] row with it, plus the per-movie biases as its fused bias, gives every movie's
 * linear term; it is added to the MLP's output before the sigmoid. The owner must call dispose()
 * when the model is retired.
 */
export class TensorTower {
  readonly movies: number;
  /** movies rounded up to a multiple of MOVIES_PER_ROW: the rows every tensor holds. */
  private readonly paddedMovies: number;
  private readonly firstUnits: number;
  /** [paddedMovies / MOVIES_PER_ROW, MOVIES_PER_ROW * firstUnits] */
  private readonly movieParts: tf.Tensor2D;
  private readonly hidden: { kernel: tf.Tensor2D; bias: tf.Tensor1D }[];
  private readonly output: { kernel: tf.Tensor2D; bias: tf.Tensor1D };
  /** [gmfDim + 1, paddedMovies] movie side and [paddedMovies] per-movie biases (+ b0), if any. */
  private readonly linear: { movieSide: tf.Tensor2D; movieLinear: tf.Tensor1D } | null;
  private readonly gmfDim: number;
  /** Per-request inputs, refilled by every score() call. */
  private readonly tiledUserPart: Float32Array;
  private readonly userLinearRow: Float32Array;
  private disposed = false;

  /**
   * @param movieParts row-major [movies, firstUnits]: movie rows of the first kernel times the
   *   movie embeddings, plus the first bias
   */
  constructor(
    movieParts: Float32Array,
    movies: number,
    firstUnits: number,
    hidden: DenseWeights[],
    output: DenseWeights,
    linear?: MovieLinearTerms,
  ) {
    if (activeBackend() === null) {
      throw new Error('TensorTower needs a TensorFlow.js backend: call initBackend() first');
    }
    this.movies = movies;
    const padded = Math.ceil(movies / MOVIES_PER_ROW) * MOVIES_PER_ROW;
    this.paddedMovies = padded;
    this.firstUnits = firstUnits;
    this.gmfDim = linear?.gmfDim ?? 0;
    this.tiledUserPart = new Float32Array(MOVIES_PER_ROW * firstUnits);
    this.userLinearRow = new Float32Array(this.gmfDim + 1);
    const created: tf.Tensor[] = [];
    const keep = <T extends tf.Tensor>(t: T): T => {
      created.push(t);
      return tf.keep(t);
    };
    try {
      const paddedMovieParts = new Float32Array(padded * firstUnits);
      paddedMovieParts.set(movieParts.subarray(0, movies * firstUnits));
      this.movieParts = keep(
        tf.tensor2d(paddedMovieParts, [padded / MOVIES_PER_ROW, MOVIES_PER_ROW * firstUnits]),
      );
      this.hidden = hidden.map((layer) => ({
        kernel: keep(tf.tensor2d(layer.kernel, [layer.inputs, layer.units])),
        bias: keep(tf.tensor1d(layer.bias)),
      }));
      this.output = {
        kernel: keep(tf.tensor2d(output.kernel, [output.inputs, output.units])),
        bias: keep(tf.tensor1d(output.bias)),
      };
      this.linear = linear ? this.keepLinear(linear, keep) : null;
    } catch (error) {
      tf.dispose(created);
      throw error;
    }
  }

  private keepLinear(
    linear: MovieLinearTerms,
    keep: <T extends tf.Tensor>(t: T) => T,
  ): { movieSide: tf.Tensor2D; movieLinear: tf.Tensor1D } {
    const { movies, paddedMovies: padded, gmfDim: g } = this;
    const movieSide = new Float32Array((g + 1) * padded);
    for (let i = 0; i < movies; i++) {
      for (let k = 0; k < g; k++) {
        movieSide[k * padded + i] = linear.weightedMovieGmf[i * g + k] as number;
      }
      movieSide[g * padded + i] = 1;
    }
    const movieLinear = new Float32Array(padded);
    movieLinear.set(linear.movieLinear.subarray(0, movies));
    return {
      movieSide: keep(tf.tensor2d(movieSide, [g + 1, padded])),
      movieLinear: keep(tf.tensor1d(movieLinear)),
    };
  }

  /** How many tensors this tower keeps alive until dispose(). */
  get tensorCount(): number {
    if (this.disposed) return 0;
    return 1 + 2 * this.hidden.length + 2 + (this.linear ? 2 : 0);
  }

  /**
   * Predicted rating per movie for a user whose first-layer contribution is `userPart`
   * (userVector @ W1[user rows], length firstUnits).
   */
  score(userPart: Float32Array | Float64Array, user?: UserLinearTerms): Float32Array {
    if (this.disposed) throw new Error('this model was disposed; it can no longer score');
    if (userPart.length !== this.firstUnits) {
      throw new RangeError(`user part must have ${this.firstUnits} values, got ${userPart.length}`);
    }
    if (this.linear && (!user || user.gmf.length !== this.gmfDim)) {
      throw new RangeError(`this model needs the user's GMF vector (${this.gmfDim}) and bias`);
    }
    const { linear, tiledUserPart, userLinearRow, paddedMovies, firstUnits } = this;
    for (let f = 0; f < MOVIES_PER_ROW; f++) tiledUserPart.set(userPart, f * firstUnits);
    if (user) {
      userLinearRow.set(user.gmf);
      userLinearRow[this.gmfDim] = user.bias;
    }
    // The tidy returns the tensor, not its data: tidy walks a returned value looking for
    // tensors, and walking a typed array of every movie's score costs more than the math.
    const probabilities = tf.tidy(() => {
      const wide = tf.relu(tf.add(this.movieParts, tf.tensor1d(tiledUserPart)));
      let h: tf.Tensor = tf.reshape(wide, [paddedMovies, firstUnits]);
      for (const { kernel, bias } of this.hidden) {
        h = tf.fused.matMul({ a: h as tf.Tensor2D, b: kernel, bias, activation: 'relu' });
      }
      if (linear) {
        // The wasm backend's fused matMul only takes a rank-1 bias along the output's last axis,
        // so the per-movie terms come out as one row and are added before the sigmoid.
        const terms = tf.fused.matMul({
          a: tf.tensor2d(userLinearRow, [1, this.gmfDim + 1]),
          b: linear.movieSide,
          bias: linear.movieLinear,
        });
        const mlp = tf.matMul(h as tf.Tensor2D, this.output.kernel);
        return tf.sigmoid(tf.add(mlp, tf.reshape(terms, [paddedMovies, 1])));
      }
      return tf.fused.matMul({
        a: h as tf.Tensor2D,
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
    const scores = new Float32Array(this.movies);
    for (let i = 0; i < scores.length; i++) {
      scores[i] = MIN_RATING + RATING_RANGE * (raw[i] as number);
    }
    return scores;
  }

  /** Frees the kept tensors. Idempotent; score() throws afterwards. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    tf.dispose([
      this.movieParts,
      ...this.hidden.flatMap((l) => [l.kernel, l.bias]),
      this.output.kernel,
      this.output.bias,
      ...(this.linear ? [this.linear.movieSide, this.linear.movieLinear] : []),
    ]);
  }

  get isDisposed(): boolean {
    return this.disposed;
  }
}
