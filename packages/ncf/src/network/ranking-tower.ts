import * as tf from '@tensorflow/tfjs';
import { activeBackend } from './tensor-tower';
import type { RankingNetwork } from './ranking-network';

/**
 * The ranking network's movie side for the 'tensor' scoring engine: the movies' output vectors,
 * kept transposed ([dim, movies]; the wasm backend's products with transposeB run through a slow
 * scalar loop) with their biases, so a user's logits are one fused product. The owner must call
 * dispose() when the model is retired.
 */
export class RankingTower {
  private readonly movieSide: tf.Tensor2D;
  private readonly bias: tf.Tensor1D;
  private readonly dim: number;
  private disposed = false;

  /** Over the movies at `indices` (model indices), or every movie when null. */
  constructor(network: RankingNetwork, indices: Int32Array | null, movies: number) {
    if (activeBackend() === null) {
      throw new Error('RankingTower needs a TensorFlow.js backend: call initBackend() first');
    }
    const d = network.dim;
    const count = indices ? indices.length : movies;
    const movieSide = new Float32Array(d * count);
    const bias = new Float32Array(count);
    for (let k = 0; k < count; k++) {
      const i = indices ? (indices[k] as number) : k;
      for (let j = 0; j < d; j++) movieSide[j * count + k] = network.output[i * d + j] as number;
      bias[k] = network.bias[i] as number;
    }
    this.dim = d;
    this.movieSide = tf.keep(tf.tensor2d(movieSide, [d, count]));
    try {
      this.bias = tf.keep(tf.tensor1d(bias));
    } catch (error) {
      this.movieSide.dispose();
      throw error;
    }
  }

  /** The logits of the tower's movies for a user vector, aligned with them. */
  logits(user: Float32Array): Float32Array {
    if (this.disposed) throw new Error('this model was disposed; it can no longer score');
    const logits = tf.tidy(() =>
      tf.fused.matMul({ a: tf.tensor2d(user, [1, this.dim]), b: this.movieSide, bias: this.bias }),
    );
    try {
      return Float32Array.from(logits.dataSync() as Float32Array);
    } finally {
      logits.dispose();
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    tf.dispose([this.movieSide, this.bias]);
  }
}
