import { MAX_RATING, MIN_RATING } from '../format/ratings';
import type { FoldInMethod } from '../format/fold-in-method';
import type { ForwardPass, NcfNetwork } from '../network/network';
import { solveSymmetricPositive } from './cholesky';

export interface MovieRating {
  movieId: number;
  rating: number;
}

/** Ridge weights of the 'map' fold-in, in rating units squared (see FoldInMethod). */
export interface FoldInRidge {
  embedding: number;
  bias: number;
}

/**
 * Chosen on the cold-start protocol's seed-2 held-out users (docs/benchmarks.md), never on seeds
 * 1 and 3, for the model with movie features. A strong pull of the
 * embeddings towards the average fold-in and a weak one of the bias, so ten ratings mostly set
 * the user's offset and nudge their tastes.
 */
export const DEFAULT_FOLD_IN_RIDGE: FoldInRidge = Object.freeze({ embedding: 20, bias: 0.7 });

/**
 * Gauss-Newton steps of the 'map' fold-in. One step is a closed-form ridge solve on the network
 * linearised at the prior center; each costs about 0.4 ms for 20 ratings on the best model, and
 * a request's whole budget is 3 ms (docs/benchmarks.md).
 */
export const MAP_ITERATIONS = 1;

/** Throws a RangeError naming the first rating that is not a finite number in [0.5, 5]. */
export function assertValidRatings(ratings: readonly MovieRating[]): void {
  for (const { movieId, rating } of ratings) {
    if (!Number.isSafeInteger(movieId)) {
      throw new RangeError(`movie id must be an integer, got ${String(movieId)}`);
    }
    if (typeof rating !== 'number' || !Number.isFinite(rating)) {
      throw new RangeError(`rating for movie ${movieId} must be a finite number, got ${rating}`);
    }
    if (rating < MIN_RATING || rating > MAX_RATING) {
      throw new RangeError(
        `rating for movie ${movieId} must be in [${MIN_RATING}, ${MAX_RATING}], got ${rating}`,
      );
    }
  }
}

/**
 * The 'map' fold-in's buffers, sized for one model and grown to the most ratings seen, reused by
 * every call (calls are synchronous, so none sees another's values). A request then allocates
 * only its result.
 */
class MapWorkspace {
  /** Per known rating: movie index, rating, movie part of the first hidden layer. */
  movies = new Int32Array(0);
  ratings = new Float64Array(0);
  parts: Float64Array[] = [];
  /** Forward passes at the current point and at the candidate step. */
  passes: ForwardPass[] = [];
  candidatePasses: ForwardPass[] = [];
  readonly center: Float64Array;
  /** The ridge weight of each part of the user vector. */
  readonly weight: Float64Array;
  user: Float64Array;
  candidate: Float64Array;
  readonly userPart: Float64Array;
  /** Per known rating, d(rating)/d(user vector): row-major [known, p]. */
  jacobian = new Float64Array(0);
  readonly matrix: Float64Array;
  readonly rhs: Float64Array;

  constructor(
    private readonly network: NcfNetwork,
    ridge: FoldInRidge,
  ) {
    const p = network.userVectorLength;
    this.center = new Float64Array(p);
    this.weight = new Float64Array(p).fill(ridge.embedding);
    if (network.hasBias) this.weight[p - 1] = ridge.bias;
    this.user = new Float64Array(p);
    this.candidate = new Float64Array(p);
    this.userPart = new Float64Array(network.firstUnits);
    this.matrix = new Float64Array(p * p);
    this.rhs = new Float64Array(p);
  }

  /** Makes room for `count` known ratings. */
  reserve(count: number): void {
    if (this.parts.length >= count) return;
    const { network } = this;
    const movies = new Int32Array(count);
    movies.set(this.movies);
    this.movies = movies;
    const ratings = new Float64Array(count);
    ratings.set(this.ratings);
    this.ratings = ratings;
    this.jacobian = new Float64Array(count * network.userVectorLength);
    while (this.parts.length < count) {
      this.parts.push(new Float64Array(network.firstUnits));
      this.passes.push(network.newForwardPass());
      this.candidatePasses.push(network.newForwardPass());
    }
  }

  /** Keeps the candidate as the current point (with its forward passes). */
  acceptCandidate(): void {
    [this.user, this.candidate] = [this.candidate, this.user];
    [this.passes, this.candidatePasses] = [this.candidatePasses, this.passes];
  }
}

/** Folds new users into a trained network. Immutable after construction; cheap per call. */
export class UserFoldIn {
  /** Mean trained user vector: the fold-in of a user with no known movie. */
  readonly populationMean: Float32Array;
  private readonly workspace: MapWorkspace;

  constructor(
    private readonly network: NcfNetwork,
    readonly ridge: FoldInRidge = DEFAULT_FOLD_IN_RIDGE,
  ) {
    if (!(ridge.embedding > 0) || !(ridge.bias > 0)) {
      throw new RangeError('fold-in ridge weights must be positive numbers');
    }
    const p = network.userVectorLength;
    const users = network.userIds.length;
    const sum = new Float64Array(p);
    for (let u = 0; u < users; u++) {
      for (let k = 0; k < p; k++)
        sum[k] = (sum[k] as number) + (network.userVectors[u * p + k] as number);
    }
    this.populationMean = Float32Array.from(sum, (v) => v / users);
    this.workspace = new MapWorkspace(network, ridge);
  }

  foldIn(ratings: readonly MovieRating[], method: FoldInMethod): Float32Array {
    return method === 'map' ? this.map(ratings) : this.average(ratings);
  }

  /** The faithful fold-in (see FoldInMethod). Movies unknown to the model are ignored. */
  average(ratings: readonly MovieRating[]): Float32Array {
    assertValidRatings(ratings);
    const { network } = this;
    const d = network.embedDim;
    const user = Float32Array.from(this.populationMean);
    const sum = new Float64Array(d);
    let totalWeight = 0;
    for (const { movieId, rating } of ratings) {
      const index = network.movieIndex.get(movieId);
      if (index === undefined) continue;
      for (let k = 0; k < d; k++) {
        sum[k] = (sum[k] as number) + rating * (network.movieEmbeddings[index * d + k] as number);
      }
      totalWeight += rating;
    }
    if (totalWeight > 0) for (let k = 0; k < d; k++) user[k] = (sum[k] as number) / totalWeight;
    return user;
  }

  /**
   * The MAP fold-in (see FoldInMethod). Each Gauss-Newton step is halved until the objective
   * does not grow. Movies unknown to the model are ignored; with none known the result is the
   * mean trained user.
   */
  map(ratings: readonly MovieRating[], iterations = MAP_ITERATIONS): Float32Array {
    const { network, workspace: w } = this;
    const averaged = this.average(ratings);
    const p = network.userVectorLength;
    const d = network.embedDim;
    w.reserve(ratings.length);
    let known = 0;
    for (const { movieId, rating } of ratings) {
      const movie = network.movieIndex.get(movieId);
      if (movie === undefined) continue;
      network.movieFirstLayer(movie, w.parts[known] as Float64Array);
      w.movies[known] = movie;
      w.ratings[known] = rating;
      known++;
    }
    if (known === 0) return Float32Array.from(this.populationMean);
    const { center, weight, matrix, rhs } = w;
    center.set(averaged);
    center.fill(0, d);

    // Forward passes at a point into `passes`, and the objective there; a step's passes serve
    // the next step.
    const evaluate = (u: Float64Array, passes: ForwardPass[]) => {
      const userPart = network.userFirstLayer(u, w.userPart);
      let value = 0;
      for (let j = 0; j < known; j++) {
        const pass = passes[j] as ForwardPass;
        network.forward(u, userPart, w.parts[j] as Float64Array, w.movies[j] as number, pass);
        value += ((w.ratings[j] as number) - pass.rating) ** 2;
      }
      for (let k = 0; k < p; k++) {
        value += (weight[k] as number) * ((u[k] as number) - (center[k] as number)) ** 2;
      }
      return value;
    };
    w.user.set(center);
    let value = evaluate(w.user, w.passes);
    for (let iteration = 0; iteration < iterations; iteration++) {
      // Normal equations of the linearised problem: (J^T J + W) step = J^T e - W (u - c).
      const user = w.user;
      const jacobian = w.jacobian;
      for (let k = 0; k < p; k++) {
        rhs[k] = -(weight[k] as number) * ((user[k] as number) - (center[k] as number));
      }
      for (let j = 0; j < known; j++) {
        const pass = w.passes[j] as ForwardPass;
        const gradient = jacobian.subarray(j * p, (j + 1) * p);
        network.ratingGradient(pass, w.movies[j] as number, gradient);
        const e = (w.ratings[j] as number) - pass.rating;
        for (let a = 0; a < p; a++) {
          const ga = gradient[a] as number;
          if (ga !== 0) rhs[a] = (rhs[a] as number) + ga * e;
        }
      }
      const step = solveRidgeSystem(jacobian, known, p, weight, rhs, matrix);
      let accepted = false;
      for (let attempt = 0, scale = 1; attempt < 4 && !accepted; attempt++, scale /= 2) {
        const candidate = w.candidate;
        for (let k = 0; k < p; k++) {
          candidate[k] = (user[k] as number) + scale * (step[k] as number);
        }
        const next = evaluate(candidate, w.candidatePasses);
        if (next <= value) {
          w.acceptCandidate();
          value = next;
          accepted = true;
        }
      }
      if (!accepted) break;
    }
    return Float32Array.from(w.user);
  }
}

/**
 * Solves (J^T J + diag(weight)) x = b, J row-major [n, p] (the first n rows of `jacobian`), with
 * `scratch` (p * p values) as working space. With fewer rows than unknowns (a new user's 20
 * ratings against 65 unknowns in the best model) it solves the n x n system
 * (I + J W^-1 J^T) z = J W^-1 b and takes x = W^-1 (b - J^T z) (the Woodbury identity): about
 * n^2 p operations instead of n p^2 + p^3 / 6.
 */
export function solveRidgeSystem(
  jacobian: Float64Array,
  n: number,
  p: number,
  weight: Float64Array,
  b: Float64Array,
  scratch: Float64Array,
): Float64Array {
  if (n >= p) {
    const matrix = scratch.subarray(0, p * p).fill(0);
    for (let k = 0; k < p; k++) matrix[k * p + k] = weight[k] as number;
    for (let j = 0; j < n; j++) {
      const row = j * p;
      for (let a = 0; a < p; a++) {
        const ga = jacobian[row + a] as number;
        if (ga === 0) continue;
        for (let c = 0; c <= a; c++) {
          matrix[a * p + c] = (matrix[a * p + c] as number) + ga * (jacobian[row + c] as number);
        }
      }
    }
    return solveSymmetricPositive(matrix, b, p);
  }
  const inner = scratch.subarray(0, n * n);
  const inverseWeight = Float64Array.from(weight.subarray(0, p), (v) => 1 / v);
  const projected = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const rowI = i * p;
    let t = 0;
    for (let k = 0; k < p; k++) {
      t += (jacobian[rowI + k] as number) * (inverseWeight[k] as number) * (b[k] as number);
    }
    projected[i] = t;
    for (let j = 0; j <= i; j++) {
      const rowJ = j * p;
      let s = i === j ? 1 : 0;
      for (let k = 0; k < p; k++) {
        s +=
          (jacobian[rowI + k] as number) *
          (inverseWeight[k] as number) *
          (jacobian[rowJ + k] as number);
      }
      inner[i * n + j] = s;
    }
  }
  const z = solveSymmetricPositive(inner, projected, n);
  const x = new Float64Array(p);
  for (let k = 0; k < p; k++) {
    let s = b[k] as number;
    for (let j = 0; j < n; j++) s -= (jacobian[j * p + k] as number) * (z[j] as number);
    x[k] = s * (inverseWeight[k] as number);
  }
  return x;
}
