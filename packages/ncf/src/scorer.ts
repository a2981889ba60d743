import { TOP_K_POOL } from '@marquee/contracts';
import { ArtifactError, validateArtifact, type NcfArtifact } from './artifact';
import { RATING_RANGE } from './rating-scale';
import { MIN_RATING } from '@marquee/contracts';
import { pickFromPool, topKIndices } from './variety';
import { TENSOR_BACKENDS, TensorTower, activeBackend, type DenseWeights } from './tensor-tower';
import {
  MOVIE_EMBEDDING,
  OUTPUT_BIAS,
  OUTPUT_KERNEL,
  USER_EMBEDDING,
  hiddenBias,
  hiddenKernel,
} from './weights-layout';

export interface MovieRating {
  movieId: number;
  rating: number;
}

export interface RecommendInput {
  ratings: MovieRating[];
  excludeMovieIds: number[];
  count: number;
  /** Uniform [0, 1) source for the shuffle; Math.random by default. */
  random?: () => number;
}

export interface ScoredMovie {
  movieId: number;
  predictedRating: number;
}

/**
 * How the MLP after the first layer's split runs:
 * - 'tensor': TensorFlow.js tensors kept on the active backend (needs initBackend() first);
 *   the fast path on wasm (XNNPACK, SIMD) and tfjs-node. The scorer must be dispose()d.
 * - 'js': plain typed-array loops, no tfjs; the reference implementation.
 * - 'auto' (default): 'tensor' when the active backend is one it beats the loops on (wasm,
 *   tensorflow), else 'js' (no backend initialised, or the plain CPU backend).
 */
export type ScoringEngine = 'tensor' | 'js';

export interface NcfScorerOptions {
  engine?: ScoringEngine | 'auto';
}

/**
 * Serves a trained NCF. The first hidden layer's kernel is split into user rows and movie
 * rows; the movie part (plus bias) is computed once per model, so scoring a user costs one
 * small matrix-vector product plus the rest of the MLP per film, done by the chosen engine.
 * Dropout is the identity at inference. Call dispose() when the model is retired.
 */
export class NcfScorer {
  readonly engine: ScoringEngine;
  readonly movieIds: number[];
  readonly embedDim: number;
  private readonly movieIndex: Map<number, number>;
  private readonly movieEmbeddings: Float32Array;
  /** Mean of the trained users' embeddings: the fold-in of a user with no known film. */
  private readonly meanUserEmbedding: Float32Array;
  /** First hidden kernel's user rows, row-major [embedDim, h0]. */
  private readonly firstUserKernel: Float32Array;
  /** movieEmbedding[i] @ W1[embedDim:, :] + b1, row-major [movies, h0]; 'js' engine only. */
  private readonly itemPart: Float32Array | null;
  private readonly firstUnits: number;
  private readonly laterLayers: DenseWeights[];
  private readonly outputKernel: Float32Array;
  private readonly outputBias: number;
  private readonly maxUnits: number;
  /** The 'tensor' engine's kept tensors. */
  private readonly tower: TensorTower | null;
  private disposed = false;

  private constructor(artifact: NcfArtifact, engine: ScoringEngine) {
    this.engine = engine;
    const weight = (name: string) => {
      const w = artifact.weights.find((x) => x.name === name);
      if (!w) throw new ArtifactError(`weight ${name} is missing`);
      return w.data;
    };
    const d = artifact.config.embedDim;
    const units = artifact.config.hiddenUnits;
    const h0 = units[0] as number;
    this.embedDim = d;
    this.movieIds = [...artifact.movieIds];
    this.movieIndex = new Map(this.movieIds.map((id, i) => [id, i]));
    this.movieEmbeddings = weight(MOVIE_EMBEDDING);
    this.meanUserEmbedding = columnMean(weight(USER_EMBEDDING), d);

    const w1 = weight(hiddenKernel(0));
    const b1 = weight(hiddenBias(0));
    this.firstUnits = h0;
    this.firstUserKernel = w1.slice(0, d * h0);
    const movieKernel = w1.subarray(d * h0);
    const movies = this.movieIds.length;
    const itemPart = new Float32Array(movies * h0);
    for (let i = 0; i < movies; i++) {
      const row = itemPart.subarray(i * h0, (i + 1) * h0);
      row.set(b1);
      accumulateVecMat(this.movieEmbeddings, i * d, d, movieKernel, h0, row);
    }

    this.laterLayers = units.slice(1).map((u, k) => ({
      inputs: units[k] as number,
      units: u,
      kernel: weight(hiddenKernel(k + 1)),
      bias: weight(hiddenBias(k + 1)),
    }));
    this.outputKernel = weight(OUTPUT_KERNEL);
    this.outputBias = weight(OUTPUT_BIAS)[0] as number;
    this.maxUnits = Math.max(...units);
    if (engine === 'tensor') {
      const last = units[units.length - 1] as number;
      this.tower = new TensorTower(itemPart, movies, h0, this.laterLayers, {
        inputs: last,
        units: 1,
        kernel: this.outputKernel,
        bias: weight(OUTPUT_BIAS),
      });
      this.itemPart = null; // lives on the backend now
    } else {
      this.tower = null;
      this.itemPart = itemPart;
    }
  }

  /**
   * Validates the artifact (shapes, ids, finite values) and precomputes the item part. The
   * 'tensor' engine (chosen by 'auto' after initBackend() set up wasm or tfjs-node) keeps
   * tensors on the backend until dispose().
   */
  static fromArtifact(artifact: NcfArtifact, options: NcfScorerOptions = {}): NcfScorer {
    validateArtifact(artifact);
    return new NcfScorer(artifact, resolveEngine(options.engine ?? 'auto'));
  }

  /** Frees what the engine holds outside the JS heap (the kept tensors). Idempotent. */
  dispose(): void {
    this.disposed = true;
    this.tower?.dispose();
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /**
   * The seed's fold-in: the rating-weighted average of the embeddings of the rated films
   * (weights = the ratings). Films unknown to the model are ignored. If none is known, the
   * mean embedding of the trained users stands in (a "typical user").
   */
  foldIn(ratings: MovieRating[]): Float32Array {
    const d = this.embedDim;
    const sum = new Float64Array(d);
    let totalWeight = 0;
    for (const { movieId, rating } of ratings) {
      if (!Number.isFinite(rating) || rating <= 0) {
        throw new RangeError(
          `rating for movie ${movieId} must be a positive number, got ${rating}`,
        );
      }
      const index = this.movieIndex.get(movieId);
      if (index === undefined) continue;
      const offset = index * d;
      for (let k = 0; k < d; k++)
        sum[k] = (sum[k] as number) + rating * (this.movieEmbeddings[offset + k] as number);
      totalWeight += rating;
    }
    if (totalWeight === 0) return Float32Array.from(this.meanUserEmbedding);
    const user = new Float32Array(d);
    for (let k = 0; k < d; k++) user[k] = (sum[k] as number) / totalWeight;
    return user;
  }

  /** Predicted rating in [0.5, 5] for every film, aligned with movieIds. */
  scoreAll(userVector: Float32Array): Float32Array {
    const d = this.embedDim;
    if (userVector.length !== d) {
      throw new RangeError(`user vector must have ${d} values, got ${userVector.length}`);
    }
    if (this.disposed) throw new Error('this scorer was disposed; it can no longer score');
    const h0 = this.firstUnits;
    const userPart = new Float32Array(h0);
    accumulateVecMat(userVector, 0, d, this.firstUserKernel, h0, userPart);
    if (this.tower) return this.tower.score(userPart);
    return this.scoreWithLoops(userPart, this.itemPart as Float32Array);
  }

  /** The reference engine: the rest of the MLP, film by film, in float64 accumulators. */
  private scoreWithLoops(userPart: Float32Array, itemPart: Float32Array): Float32Array {
    const h0 = this.firstUnits;
    const movies = this.movieIds.length;
    const scores = new Float32Array(movies);
    let current = new Float64Array(this.maxUnits);
    let next = new Float64Array(this.maxUnits);
    const layers = this.laterLayers;
    const outKernel = this.outputKernel;
    for (let i = 0; i < movies; i++) {
      const base = i * h0;
      for (let j = 0; j < h0; j++) {
        const v = (userPart[j] as number) + (itemPart[base + j] as number);
        current[j] = v > 0 ? v : 0;
      }
      let width = h0;
      for (let l = 0; l < layers.length; l++) {
        const { kernel, bias, units } = layers[l] as DenseWeights;
        for (let j = 0; j < units; j++) next[j] = bias[j] as number;
        for (let k = 0; k < width; k++) {
          const a = current[k] as number;
          if (a === 0) continue;
          const row = k * units;
          for (let j = 0; j < units; j++)
            next[j] = (next[j] as number) + a * (kernel[row + j] as number);
        }
        for (let j = 0; j < units; j++) if ((next[j] as number) < 0) next[j] = 0;
        const swap = current;
        current = next;
        next = swap;
        width = units;
      }
      let z = this.outputBias;
      for (let k = 0; k < width; k++) z += (current[k] as number) * (outKernel[k] as number);
      scores[i] = MIN_RATING + RATING_RANGE / (1 + Math.exp(-z));
    }
    return scores;
  }

  /**
   * Folds the user in, scores every film, drops rated and excluded ones, takes the top pool
   * (TOP_K_POOL, or `count` if larger), shuffles it and returns the first `count`.
   */
  recommend(input: RecommendInput): ScoredMovie[] {
    const { ratings, excludeMovieIds, count, random = Math.random } = input;
    if (!Number.isInteger(count) || count < 0) {
      throw new RangeError(`count must be a non-negative integer, got ${count}`);
    }
    const scores = this.scoreAll(this.foldIn(ratings));
    const excluded = new Uint8Array(this.movieIds.length);
    const exclude = (movieId: number) => {
      const index = this.movieIndex.get(movieId);
      if (index !== undefined) excluded[index] = 1;
    };
    for (const r of ratings) exclude(r.movieId);
    for (const id of excludeMovieIds) exclude(id);
    const pool = topKIndices(scores, Math.max(TOP_K_POOL, count), excluded);
    return Array.from(pickFromPool(pool, count, random), (index) => ({
      movieId: this.movieIds[index] as number,
      predictedRating: scores[index] as number,
    }));
  }
}

function resolveEngine(requested: ScoringEngine | 'auto'): ScoringEngine {
  if (requested !== 'auto') return requested;
  const backend = activeBackend();
  return backend !== null && TENSOR_BACKENDS.includes(backend) ? 'tensor' : 'js';
}

/** out += vec[offset : offset + n] @ matrix, with matrix row-major [n, cols]. */
function accumulateVecMat(
  vec: Float32Array,
  offset: number,
  n: number,
  matrix: Float32Array,
  cols: number,
  out: Float32Array,
): void {
  for (let k = 0; k < n; k++) {
    const a = vec[offset + k] as number;
    const row = k * cols;
    for (let j = 0; j < cols; j++) out[j] = (out[j] as number) + a * (matrix[row + j] as number);
  }
}

function columnMean(matrix: Float32Array, cols: number): Float32Array {
  const rows = matrix.length / cols;
  const sum = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) sum[c] = (sum[c] as number) + (matrix[r * cols + c] as number);
  }
  return Float32Array.from(sum, (s) => s / rows);
}
