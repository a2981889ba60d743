import { TOP_K_POOL } from '@marquee/contracts';
import { validateArtifact, type NcfArtifact } from './artifact';
import { isSeedArchitecture } from './config';
import { UserFoldIn, type FoldInMethod, type MovieRating } from './fold-in';
import { NcfNetwork } from './network';
import { pickFromPool, topKIndices } from './variety';
import { TENSOR_BACKENDS, TensorTower, activeBackend } from './tensor-tower';

export type { MovieRating } from './fold-in';

export interface RecommendInput {
  ratings: MovieRating[];
  excludeMovieIds: number[];
  count: number;
  /** Uniform [0, 1) source for the shuffle; Math.random by default. */
  random?: () => number;
  /** How to fold the user in; the scorer's foldInMethod by default. */
  foldIn?: FoldInMethod;
  /**
   * Leave out films with fewer training ratings than this (the artifact's movieRatingCounts):
   * a film one person rated highly scores high on little evidence. Ignored when the artifact
   * has no counts, or when fewer films than the pool would remain. 0 (default): every film.
   */
  minRatings?: number;
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
  /** How recommend() folds a user in; 'map' (the best measured) by default. */
  foldIn?: FoldInMethod;
}

export const DEFAULT_FOLD_IN: FoldInMethod = 'map';

/**
 * Serves a trained NCF. The first hidden layer's kernel is split into user rows and movie
 * rows; the movie part (plus bias) is computed once per model, so scoring a user costs one
 * small matrix-vector product plus the rest of the network per film, done by the chosen engine.
 * Dropout is the identity at inference. Call dispose() when the model is retired.
 *
 * A user is a user vector (see NcfNetwork): the embedding for the seed's model, plus the GMF
 * vector and the bias for models with those parts.
 */
export class NcfScorer {
  readonly engine: ScoringEngine;
  readonly foldInMethod: FoldInMethod;
  readonly movieIds: number[];
  readonly embedDim: number;
  /** Length of a user vector. */
  readonly userVectorLength: number;
  readonly network: NcfNetwork;
  private readonly folder: UserFoldIn;
  /** Film part of the first hidden layer, row-major [movies, h0]; 'js' engine only. */
  private readonly itemPart: Float32Array | null;
  /** The 'tensor' engine's kept tensors. */
  private readonly tower: TensorTower | null;
  /** The user's part of the first hidden layer, refilled by every scoreAll() call. */
  private readonly userPartBuffer: Float64Array;
  /** Training ratings per film (artifact stats), if the artifact has them. */
  private readonly movieRatingCounts: readonly number[] | undefined;
  private disposed = false;

  private constructor(artifact: NcfArtifact, engine: ScoringEngine, foldIn: FoldInMethod) {
    this.engine = engine;
    this.foldInMethod = foldIn;
    const network = new NcfNetwork(artifact);
    this.network = network;
    this.folder = new UserFoldIn(network);
    this.embedDim = network.embedDim;
    this.userVectorLength = network.userVectorLength;
    this.movieIds = network.movieIds;
    const movies = network.movieCount;
    const h0 = network.firstUnits;
    this.userPartBuffer = new Float64Array(h0);
    this.movieRatingCounts = artifact.stats?.movieRatingCounts;
    const itemPart = new Float32Array(movies * h0);
    for (let i = 0; i < movies; i++) network.movieFirstLayer(i, itemPart, i * h0);

    if (engine === 'tensor') {
      const layers = network.laterLayers;
      const last = layers.length > 0 ? (layers[layers.length - 1]?.units as number) : h0;
      this.tower = new TensorTower(
        itemPart,
        movies,
        h0,
        layers,
        {
          inputs: last,
          units: 1,
          kernel: network.outputKernel,
          bias: Float32Array.of(network.outputBias),
        },
        isSeedArchitecture(artifact.config)
          ? undefined
          : {
              movieLinear: network.movieLinear,
              weightedMovieGmf: network.weightedMovieGmf,
              gmfDim: network.gmfDim,
            },
      );
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
    return new NcfScorer(
      artifact,
      resolveEngine(options.engine ?? 'auto'),
      options.foldIn ?? DEFAULT_FOLD_IN,
    );
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
   * A new user's vector from their ratings (see FoldInMethod; this scorer's method by default).
   * Films unknown to the model are ignored; with none known, the mean trained user stands in.
   * Ratings must be finite numbers in [0.5, 5] (RangeError otherwise).
   */
  foldIn(ratings: readonly MovieRating[], method: FoldInMethod = this.foldInMethod): Float32Array {
    return this.folder.foldIn(ratings, method);
  }

  /** The vector of a user the model was trained on, or undefined for an unknown user id. */
  trainedUserVector(userId: number): Float32Array | undefined {
    const index = this.network.userIds.indexOf(userId);
    return index < 0 ? undefined : this.network.trainedUserVector(index);
  }

  /** Predicted rating in [0.5, 5] for every film, aligned with movieIds. */
  scoreAll(userVector: Float32Array): Float32Array {
    const p = this.userVectorLength;
    if (userVector.length !== p) {
      throw new RangeError(`user vector must have ${p} values, got ${userVector.length}`);
    }
    if (this.disposed) throw new Error('this scorer was disposed; it can no longer score');
    if (this.tower) {
      const userPart = this.network.userFirstLayer(userVector, this.userPartBuffer);
      const { embedDim: d, gmfDim: g, hasBias } = this.network;
      const linear =
        g > 0 || hasBias
          ? {
              gmf: userVector.subarray(d, d + g),
              bias: hasBias ? (userVector[p - 1] as number) : 0,
            }
          : undefined;
      return this.tower.score(userPart, linear);
    }
    return this.network.scoreAllWithLoops(userVector, this.itemPart as Float32Array);
  }

  /**
   * Folds the user in, scores every film, drops rated and excluded ones, takes the top pool
   * (TOP_K_POOL, or `count` if larger), shuffles it and returns the first `count`.
   */
  recommend(input: RecommendInput): ScoredMovie[] {
    const { ratings, excludeMovieIds, count, random = Math.random, foldIn, minRatings = 0 } = input;
    if (!Number.isInteger(count) || count < 0) {
      throw new RangeError(`count must be a non-negative integer, got ${count}`);
    }
    const scores = this.scoreAll(this.foldIn(ratings, foldIn));
    const excluded = new Uint8Array(this.movieIds.length);
    const movieIndex = this.network.movieIndex;
    const exclude = (movieId: number) => {
      const index = movieIndex.get(movieId);
      if (index !== undefined) excluded[index] = 1;
    };
    for (const r of ratings) exclude(r.movieId);
    for (const id of excludeMovieIds) exclude(id);
    const poolSize = Math.max(TOP_K_POOL, count);
    this.excludeRarelyRated(excluded, minRatings, poolSize);
    const pool = topKIndices(scores, poolSize, excluded);
    return Array.from(pickFromPool(pool, count, random), (index) => ({
      movieId: this.movieIds[index] as number,
      predictedRating: scores[index] as number,
    }));
  }

  /**
   * Marks films with fewer than `minRatings` training ratings as excluded, unless that would
   * leave fewer than `poolSize` films to pick from (then nothing more is excluded).
   */
  private excludeRarelyRated(excluded: Uint8Array, minRatings: number, poolSize: number): void {
    const counts = this.movieRatingCounts;
    if (minRatings <= 0 || !counts) return;
    let eligible = 0;
    for (let i = 0; i < counts.length; i++) {
      if (excluded[i] === 0 && (counts[i] as number) >= minRatings) eligible++;
    }
    if (eligible < poolSize) return;
    for (let i = 0; i < counts.length; i++) {
      if ((counts[i] as number) < minRatings) excluded[i] = 1;
    }
  }
}

function resolveEngine(requested: ScoringEngine | 'auto'): ScoringEngine {
  if (requested !== 'auto') return requested;
  const backend = activeBackend();
  return backend !== null && TENSOR_BACKENDS.includes(backend) ? 'tensor' : 'js';
}
