import { MAX_RATING, MIN_RATING } from '../format/ratings';
import { validateArtifact, type NcfArtifact } from '../format/artifact';
import { applyNewUserStack, StackFeatureSource, type IndexedRating } from './stack';
import { isFaithfulArchitecture } from '../format/config';
import { UserFoldIn, type MovieRating } from './fold-in';
import type { FoldInMethod } from '../format/fold-in-method';
import { NcfNetwork } from '../network/network';
import type { NewUserStack } from '../format/new-user-stack';
import {
  TOP_K_POOL,
  VARIETY_POPULARITY_DISCOUNT,
  pickFromPool,
  sampleFromPool,
  topKIndices,
} from './variety';
import { RankingNetwork, logLikeProbability } from '../network/ranking-network';
import { RankingTower } from '../network/ranking-tower';
import { TENSOR_BACKENDS, TensorTower, activeBackend } from '../network/tensor-tower';

export type { MovieRating } from './fold-in';

export interface RecommendInput {
  /**
   * Who asks, when known: a user the model was trained on is ranked from the films' own input
   * embeddings; anyone else (a new user, an unknown id, no id) also from the films' features,
   * when the model has them (RankingConfig.newUserFeatures).
   */
  userId?: number;
  ratings: MovieRating[];
  excludeMovieIds: number[];
  /**
   * Films the user said they are not interested in: never recommended, and, with a ranking
   * network, a negative signal in the user's vector (see NOT_INTERESTED_WEIGHT).
   */
  notInterestedMovieIds?: readonly number[];
  /**
   * Only the films at the model indices marked 1 may be recommended (aligned with movieIds), e.g.
   * a genre filter; all of them when absent. Applied to the whole catalogue before the top-k
   * step, so a filter still fills the list when enough films pass it.
   */
  allowed?: Uint8Array;
  /** The stars a not-interested film counts as, negated; NOT_INTERESTED_WEIGHT by default. */
  notInterestedWeight?: number;
  count: number;
  /** Uniform [0, 1) source for the shuffle; Math.random by default. */
  random?: () => number;
  /** How to fold the user in; the scorer's foldInMethod by default. */
  foldIn?: FoldInMethod;
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
  /**
   * recommend() leaves out films with fewer training ratings than this (the artifact's
   * movieRatingCounts): a film one person rated highly scores high on little evidence. Ignored
   * when the artifact has no counts, or when fewer films than the pool would remain. Only the
   * films that pass are scored then (kept apart per model version), which is most of a
   * request's cost on MovieLens, where three films in four have fewer than 10 ratings.
   * 0 (default): every film.
   */
  minRatings?: number;
}

/** A fixed set of the model's films and what scores it: every film, or the regularly rated. */
interface MovieSet {
  /** Model film indices, ascending; null for every film. */
  indices: Int32Array | null;
  /** The 'tensor' engine's kept tensors for these films; null on the 'js' engine. */
  tower: TensorTower | null;
  /** The same for the ranking network's film side; null on 'js' or without a ranking network. */
  rankingTower: RankingTower | null;
}

/**
 * With a ranking network, the stars of up to 1 / LOOP_SHARE of the films are computed in
 * typed-array loops, and of more by the tensor engine for every film at once (about as costly as
 * the loops for 1 / 8 of them on wasm, measured with request-timing.ts).
 */
const LOOP_SHARE = 8;

export const DEFAULT_FOLD_IN: FoldInMethod = 'map';

/**
 * How a film marked "not interested" enters the ranking network's user vector: as a rating of
 * minus this many stars in its rating-weighted sum of film embeddings, so the user's vector
 * turns away from that film, and films people watch with it rank lower. The rating network
 * (the stars shown) and the fold-in are left alone: "not interested" says "I will not watch
 * it", not how many stars the user would give it. See docs/benchmarks.md, "Not interested".
 */
export const NOT_INTERESTED_WEIGHT = 0.5;

/**
 * Serves a trained NCF. The first hidden layer's kernel is split into user rows and movie
 * rows; the movie part (plus bias) is computed once per model, so scoring a user costs one
 * small matrix-vector product plus the rest of the network per film, done by the chosen engine.
 * Dropout is the identity at inference. Call dispose() when the model is retired.
 *
 * A user is a user vector (see NcfNetwork): the embedding for the faithful model, plus the GMF
 * vector and the bias for models with those parts.
 */
export class NcfScorer {
  readonly engine: ScoringEngine;
  readonly foldInMethod: FoldInMethod;
  readonly movieIds: number[];
  readonly embedDim: number;
  /** Length of a user vector. */
  readonly userVectorLength: number;
  /** Films recommend() picks from: those with minRatings or more ratings, or all of them. */
  readonly regularMovieCount: number;
  readonly network: NcfNetwork;
  private readonly folder: UserFoldIn;
  /**
   * Film part of the first hidden layer, row-major [movies, h0], for scoring a few films in
   * typed-array loops: on the 'js' engine, and with a ranking network (which needs the stars of
   * only the films that can enter the pool); null otherwise.
   */
  private readonly movieParts: Float32Array | null;
  private readonly allMovies: MovieSet;
  /** The films recommend() picks from when minRatings applies; null when it never does. */
  private readonly regularMovies: MovieSet | null;
  /** The user's part of the first hidden layer, refilled by every scoring call. */
  private readonly userPartBuffer: Float64Array;
  /** What orders films, when the model has a ranking network; null: the predicted stars. */
  private readonly ranking: { network: RankingNetwork; noise: number } | null;
  /** The artifact's new-user stack and what it reads; null without one. */
  private readonly stack: { weights: NewUserStack; features: StackFeatureSource } | null;
  private disposed = false;
  /** Per movie (model index), the variety step's discount: see VARIETY_POPULARITY_DISCOUNT. */
  private readonly popularityDiscounts: Float32Array | null;

  private constructor(
    artifact: NcfArtifact,
    engine: ScoringEngine,
    foldIn: FoldInMethod,
    minRatings: number,
  ) {
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
    const movieParts = new Float32Array(movies * h0);
    for (let i = 0; i < movies; i++) network.movieFirstLayer(i, movieParts, i * h0);
    // validateArtifact guarantees the stats of a model with a ranking network.
    this.ranking =
      artifact.config.ranking && artifact.stats
        ? { network: new RankingNetwork(artifact), noise: artifact.stats.valRmse }
        : null;
    const stack = artifact.newUserStack;
    const counts = artifact.stats?.movieRatingCounts;
    this.popularityDiscounts = counts
      ? Float32Array.from(counts, (n) => VARIETY_POPULARITY_DISCOUNT * Math.log1p(n))
      : null;
    // validateArtifact guarantees the lists and counts of an artifact with a stack.
    this.stack =
      stack && counts && artifact.reasonNeighbours
        ? {
            weights: stack,
            features: new StackFeatureSource({
              movieMeans: stack.itemMeans,
              counts,
              neighbours: artifact.reasonNeighbours,
            }),
          }
        : null;
    const regular = regularMovieIndices(counts, minRatings);
    this.regularMovieCount = regular?.length ?? movies;
    const withBiasOrGmf = !isFaithfulArchitecture(artifact.config);
    if (engine === 'tensor') {
      this.movieParts = this.ranking ? movieParts : null;
      const built: { dispose(): void }[] = [];
      const keep = <T extends { dispose(): void }>(made: T): T => {
        built.push(made);
        return made;
      };
      const tensorSet = (indices: Int32Array | null): MovieSet => ({
        indices,
        tower: keep(buildTower(network, movieParts, indices, withBiasOrGmf)),
        rankingTower: this.ranking
          ? keep(new RankingTower(this.ranking.network, indices, movies))
          : null,
      });
      try {
        this.allMovies = tensorSet(null);
        this.regularMovies = regular ? tensorSet(regular) : null;
      } catch (error) {
        for (const made of built) made.dispose();
        throw error;
      }
    } else {
      this.movieParts = movieParts;
      this.allMovies = { indices: null, tower: null, rankingTower: null };
      this.regularMovies = regular ? { indices: regular, tower: null, rankingTower: null } : null;
    }
  }

  /**
   * Validates the artifact (shapes, ids, finite values) and precomputes the item part. The
   * 'tensor' engine (chosen by 'auto' after initBackend() set up wasm or tfjs-node) keeps
   * tensors on the backend until dispose().
   */
  static fromArtifact(artifact: NcfArtifact, options: NcfScorerOptions = {}): NcfScorer {
    validateArtifact(artifact);
    const minRatings = options.minRatings ?? 0;
    if (!Number.isSafeInteger(minRatings) || minRatings < 0) {
      throw new RangeError(`minRatings must be a non-negative integer, got ${minRatings}`);
    }
    return new NcfScorer(
      artifact,
      resolveEngine(options.engine ?? 'auto'),
      options.foldIn ?? DEFAULT_FOLD_IN,
      minRatings,
    );
  }

  /** Frees what the engine holds outside the JS heap (the kept tensors). Idempotent. */
  dispose(): void {
    this.disposed = true;
    for (const set of [this.allMovies, this.regularMovies]) {
      set?.tower?.dispose();
      set?.rankingTower?.dispose();
    }
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
    const index = this.network.userIndex.get(userId);
    return index === undefined ? undefined : this.network.trainedUserVector(index);
  }

  /** Whether the model was trained on the user with this id. */
  isTrainedUser(userId: number | undefined): boolean {
    return userId !== undefined && this.network.userIndex.has(userId);
  }

  /** The network's predicted rating in [0.5, 5] for every film, aligned with movieIds. */
  scoreAll(userVector: Float32Array): Float32Array {
    return this.scoreMovies(userVector, this.allMovies);
  }

  /**
   * The network's predicted ratings of the films at the given model indices, aligned with them.
   * With the film rows in memory (see movieParts) only those films are scored (cheap for a few);
   * otherwise the tensor engine scores all and picks.
   */
  scoreAt(userVector: Float32Array, indices: Int32Array): Float32Array {
    if (this.movieParts)
      return this.scoreMovies(userVector, { indices, tower: null, rankingTower: null });
    const all = this.scoreAll(userVector);
    return Float32Array.from(indices, (i) => all[i] as number);
  }

  /** Whether a new user folded in by `method` gets the artifact's new-user stack. */
  hasNewUserStack(method: FoldInMethod = this.foldInMethod): boolean {
    return this.stack !== null && this.stack.weights.foldIn === method;
  }

  /**
   * What the product predicts for a new user, for every film (aligned with movieIds): the
   * network's scores after folding the user in, corrected by the new-user stack when the
   * artifact has one for this fold-in (see NewUserStack).
   */
  predictNewUser(
    ratings: readonly MovieRating[],
    method: FoldInMethod = this.foldInMethod,
  ): Float32Array {
    const scores = this.scoreAll(this.foldIn(ratings, method));
    this.correctNewUser(this.knownRatings(ratings), method, scores, null);
    return scores;
  }

  /**
   * The stars recommend() would show for these films (the user folded in by `method`, the
   * new-user stack applied), aligned with `movieIds`; null for a film the model does not know.
   */
  predictRatings(
    ratings: readonly MovieRating[],
    movieIds: readonly number[],
    method: FoldInMethod = this.foldInMethod,
  ): (number | null)[] {
    const known = movieIds.flatMap((id) => {
      const index = this.network.movieIndex.get(id);
      return index === undefined ? [] : [index];
    });
    const indices = Int32Array.from(known);
    const scores = this.scoreAt(this.foldIn(ratings, method), indices);
    this.correctNewUser(this.knownRatings(ratings), method, scores, indices);
    const byIndex = new Map(known.map((index, k) => [index, scores[k] as number]));
    return movieIds.map((id) => {
      const index = this.network.movieIndex.get(id);
      return index === undefined ? null : (byIndex.get(index) ?? null);
    });
  }

  /** The ratings of films the model knows, by model film index. */
  private knownRatings(ratings: readonly MovieRating[]): IndexedRating[] {
    const known: IndexedRating[] = [];
    for (const { movieId, rating } of ratings) {
      const index = this.network.movieIndex.get(movieId);
      if (index !== undefined) known.push({ index, rating });
    }
    return known;
  }

  /** Applies the new-user stack (if any for `method`) to scores of the films at indices. */
  private correctNewUser(
    known: readonly IndexedRating[],
    method: FoldInMethod,
    scores: Float32Array,
    indices: Int32Array | null,
  ): void {
    if (!this.stack || !this.hasNewUserStack(method)) return;
    applyNewUserStack(this.stack.weights, this.stack.features, known, scores, indices, [
      MIN_RATING,
      MAX_RATING,
    ]);
  }

  /** Predicted ratings of the films in `set`, aligned with its indices. */
  private scoreMovies(userVector: Float32Array, set: MovieSet): Float32Array {
    const p = this.userVectorLength;
    if (userVector.length !== p) {
      throw new RangeError(`user vector must have ${p} values, got ${userVector.length}`);
    }
    if (this.disposed) throw new Error('this scorer was disposed; it can no longer score');
    if (set.tower) {
      const userPart = this.network.userFirstLayer(userVector, this.userPartBuffer);
      const { embedDim: d, gmfDim: g, hasBias } = this.network;
      const linear =
        g > 0 || hasBias
          ? {
              gmf: userVector.subarray(d, d + g),
              bias: hasBias ? (userVector[p - 1] as number) : 0,
            }
          : undefined;
      return set.tower.score(userPart, linear);
    }
    return this.network.scoreAllWithLoops(
      userVector,
      this.movieParts as Float32Array,
      set.indices ?? undefined,
    );
  }

  /**
   * Folds the user in, scores the films it may pick (the regularly rated ones, see
   * NcfScorerOptions.minRatings, or every film) as predictNewUser does, drops rated and excluded
   * ones and takes the top pool (TOP_K_POOL, or `count` if larger): the product's answer is
   * `count` films of it. With a ranking network they are drawn in proportion to its probabilities,
   * less for movies many people rated (sampleFromPool, VARIETY_POPULARITY_DISCOUNT); without one the pool is shuffled and the first `count` kept, as the faithful
   * project did.
   */
  recommend(input: RecommendInput): ScoredMovie[] {
    const { count, random = Math.random } = input;
    const ranked = this.rankMovies(input, Math.max(TOP_K_POOL, count));
    const discounts = this.popularityDiscounts;
    const picked = this.ranking
      ? sampleFromPool(
          ranked.pool,
          ranked.order,
          count,
          random,
          discounts
            ? Float32Array.from(ranked.pool, (k) => discounts[ranked.movieAt(k)] as number)
            : undefined,
        )
      : pickFromPool(ranked.pool, count, random);
    return Array.from(picked, (k) => ranked.film(k));
  }

  /**
   * The `count` best films for the user, best first, as recommend() ranks them but without its
   * variety step: what the ranking alone puts in front of the user.
   */
  top(input: Omit<RecommendInput, 'random'>): ScoredMovie[] {
    const ranked = this.rankMovies(input, input.count);
    return Array.from(ranked.pool.subarray(0, input.count), (k) => ranked.film(k));
  }

  /** The best `poolSize` films for recommend() and top(), as positions in the scored set. */
  private rankMovies(
    input: Omit<RecommendInput, 'random'>,
    poolSize: number,
  ): {
    pool: Int32Array;
    order: Float32Array;
    film: (k: number) => ScoredMovie;
    movieAt: (k: number) => number;
  } {
    const { ratings, excludeMovieIds, count, foldIn } = input;
    if (!Number.isInteger(count) || count < 0) {
      throw new RangeError(`count must be a non-negative integer, got ${count}`);
    }
    const method = foldIn ?? this.foldInMethod;
    const vector = this.foldIn(ratings, method);
    const excluded = new Uint8Array(this.movieIds.length);
    const movieIndex = this.network.movieIndex;
    const exclude = (movieId: number) => {
      const index = movieIndex.get(movieId);
      if (index !== undefined) excluded[index] = 1;
    };
    for (const r of ratings) exclude(r.movieId);
    for (const id of excludeMovieIds) exclude(id);
    const notInterested = input.notInterestedMovieIds ?? [];
    for (const id of notInterested) exclude(id);
    const { allowed } = input;
    if (allowed) {
      if (allowed.length !== excluded.length) {
        throw new RangeError(`allowed must have ${excluded.length} values, got ${allowed.length}`);
      }
      for (let i = 0; i < excluded.length; i++) if (allowed[i] === 0) excluded[i] = 1;
    }
    const regular = this.regularMovies;
    // A filter leaves few films: the regularly rated ones are kept while they fill the list,
    // rather than letting films nobody knows into a pool the regular ones cannot fill.
    const enough = allowed ? Math.min(poolSize, count) : poolSize;
    const set =
      regular && countIncluded(regular.indices as Int32Array, excluded) >= enough
        ? regular
        : this.allMovies;
    const indices = set.indices;
    let setExcluded = excluded;
    if (indices) {
      setExcluded = new Uint8Array(indices.length);
      for (let k = 0; k < indices.length; k++)
        setExcluded[k] = excluded[indices[k] as number] as number;
    }
    const movieAt = (k: number) => (indices ? (indices[k] as number) : k);
    const known = this.knownRatings(ratings);
    if (this.ranking) {
      const dismissed = this.knownRatings(
        notInterested.map((movieId) => ({
          movieId,
          rating: -(input.notInterestedWeight ?? NOT_INTERESTED_WEIGHT),
        })),
      );
      const ranked = this.rankWithRankingNetwork(
        this.isTrainedUser(input.userId),
        known,
        dismissed,
        method,
        vector,
        set,
        setExcluded,
        poolSize,
        this.ranking,
      );
      return {
        pool: ranked.pool,
        order: ranked.order,
        movieAt,
        film: (k) => ({
          movieId: this.movieIds[movieAt(k)] as number,
          predictedRating: ranked.stars[k] as number,
        }),
      };
    }
    const scores = this.scoreMovies(vector, set);
    this.correctNewUser(known, method, scores, indices);
    return {
      pool: topKIndices(scores, poolSize, setExcluded),
      order: scores,
      movieAt,
      film: (k) => ({
        movieId: this.movieIds[movieAt(k)] as number,
        predictedRating: scores[k] as number,
      }),
    };
  }

  /**
   * The best `poolSize` films of `set` by log P(the user rates it) + log P(they like it | they
   * rate it), with the stars of every film that could enter it (NaN for the others). The like
   * term is at most 0, so a film whose logit is under the pool's worst combined score cannot
   * enter it: stars and the like term are computed for the best `poolSize` films by logit, which
   * sets that bar, then only for the films above it. The result is exactly the pool that
   * computing them for every film gives, at the cost of a few hundred films' stars.
   */
  private rankWithRankingNetwork(
    trained: boolean,
    known: readonly IndexedRating[],
    dismissed: readonly IndexedRating[],
    method: FoldInMethod,
    vector: Float32Array,
    set: MovieSet,
    setExcluded: Uint8Array,
    poolSize: number,
    ranking: { network: RankingNetwork; noise: number },
  ): { pool: Int32Array; order: Float32Array; stars: Float32Array } {
    const { network, noise } = ranking;
    const user = network.userVector(
      dismissed.length > 0 ? [...known, ...dismissed] : known,
      trained,
    );
    const logits = set.rankingTower
      ? set.rankingTower.logits(user)
      : network.logits(user, set.indices, this.movieIds.length);
    const order = new Float32Array(logits.length).fill(-Infinity);
    const stars = new Float32Array(logits.length).fill(NaN);
    const combine = (positions: ArrayLike<number>) => {
      const films = Int32Array.from(positions, (k) =>
        set.indices ? (set.indices[k] as number) : k,
      );
      let scored: Float32Array;
      if (set.tower && positions.length * LOOP_SHARE > logits.length) {
        const all = this.scoreMovies(vector, set);
        scored = Float32Array.from(positions, (k) => all[k] as number);
      } else {
        scored = this.scoreAt(vector, films);
      }
      this.correctNewUser(known, method, scored, films);
      for (let j = 0; j < positions.length; j++) {
        const k = positions[j] as number;
        stars[k] = scored[j] as number;
        order[k] = (logits[k] as number) + logLikeProbability(scored[j] as number, noise);
      }
    };
    combine(topKIndices(logits, poolSize, setExcluded));
    const first = topKIndices(order, poolSize, setExcluded);
    const bar =
      first.length < poolSize ? -Infinity : (order[first[first.length - 1] as number] as number);
    const above: number[] = [];
    for (let k = 0; k < logits.length; k++) {
      if (setExcluded[k] === 0 && order[k] === -Infinity && (logits[k] as number) >= bar) {
        above.push(k);
      }
    }
    if (above.length === 0) return { pool: first, order, stars };
    combine(above);
    return { pool: topKIndices(order, poolSize, setExcluded), order, stars };
  }
}

/**
 * Indices of the films with at least `minRatings` training ratings, ascending; null when the
 * threshold leaves nothing out (or there are no counts), or leaves too few films to ever fill
 * a pool, since recommend() would never use them.
 */
function regularMovieIndices(
  counts: readonly number[] | undefined,
  minRatings: number,
): Int32Array | null {
  if (minRatings <= 0 || !counts) return null;
  const indices: number[] = [];
  counts.forEach((c, i) => {
    if (c >= minRatings) indices.push(i);
  });
  return indices.length === counts.length || indices.length < TOP_K_POOL
    ? null
    : Int32Array.from(indices);
}

function countIncluded(indices: Int32Array, excluded: Uint8Array): number {
  let n = 0;
  for (const i of indices) if (excluded[i] === 0) n++;
  return n;
}

/** The tensor engine's tower over every film (`indices` null) or the films at `indices`. */
function buildTower(
  network: NcfNetwork,
  movieParts: Float32Array,
  indices: Int32Array | null,
  withBiasOrGmf: boolean,
): TensorTower {
  const h0 = network.firstUnits;
  const g = network.gmfDim;
  const pick = (source: Float32Array, width: number): Float32Array => {
    if (!indices) return source;
    const out = new Float32Array(indices.length * width);
    indices.forEach((i, k) => out.set(source.subarray(i * width, (i + 1) * width), k * width));
    return out;
  };
  const layers = network.laterLayers;
  const last = layers.length > 0 ? (layers[layers.length - 1]?.units as number) : h0;
  return new TensorTower(
    pick(movieParts, h0),
    indices ? indices.length : network.movieCount,
    h0,
    layers,
    {
      inputs: last,
      units: 1,
      kernel: network.outputKernel,
      bias: Float32Array.of(network.outputBias),
    },
    withBiasOrGmf
      ? {
          movieLinear: pick(network.movieLinear, 1),
          weightedMovieGmf: pick(network.weightedMovieGmf, g),
          gmfDim: g,
        }
      : undefined,
  );
}

function resolveEngine(requested: ScoringEngine | 'auto'): ScoringEngine {
  if (requested !== 'auto') return requested;
  const backend = activeBackend();
  return backend !== null && TENSOR_BACKENDS.includes(backend) ? 'tensor' : 'js';
}
