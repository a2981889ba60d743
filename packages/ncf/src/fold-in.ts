import { MAX_RATING, MIN_RATING } from '@marquee/contracts';
import type { NcfNetwork } from './network';

export interface MovieRating {
  movieId: number;
  rating: number;
}

/**
 * How a user the model was not trained on gets a user vector from their ratings:
 * - 'average': the seed's fold-in, the rating-weighted average of the rated films' embeddings
 *   (other parts of the user vector, in models with a GMF branch or bias terms, take the mean
 *   of the trained users').
 * - 'map': the user vector that best explains the ratings through the frozen network under a
 *   ridge prior (maximum a posteriori with Gaussian noise and prior): it minimises
 *     sum_j (r_j - f_j(u))^2 + ridge.embedding * |u_emb - c|^2 + ridge.bias * u_bias^2
 *   where u_emb is the MLP and GMF embedding part, c is the 'average' fold-in for the MLP part
 *   (what the user rated says something even before how) and 0 for the GMF part, solved by
 *   Gauss-Newton steps (a small linear system each).
 */
export type FoldInMethod = 'average' | 'map';
export const FOLD_IN_METHODS: readonly FoldInMethod[] = ['average', 'map'];

/** Ridge weights of the 'map' fold-in, in rating units squared (see FoldInMethod). */
export interface FoldInRidge {
  embedding: number;
  bias: number;
}

/**
 * Chosen on the cold-start protocol's seed-2 held-out users (docs/benchmarks.md), not on the
 * seeds reported: a strong pull of the embeddings towards the average fold-in and a weak one of
 * the bias, so ten ratings mostly set the user's offset and nudge their tastes.
 */
export const DEFAULT_FOLD_IN_RIDGE: FoldInRidge = Object.freeze({ embedding: 30, bias: 0.3 });

/**
 * Gauss-Newton steps of the 'map' fold-in. One step is a closed-form ridge solve on the network
 * linearised at the prior center; each costs about 0.5 ms for 20 ratings on the best model, and
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

interface Known {
  movie: number;
  rating: number;
  /** The film's part of the first hidden layer. */
  part: Float64Array;
}

/** Folds new users into a trained network. Immutable after construction; cheap per call. */
export class UserFoldIn {
  /** Mean trained user vector: the fold-in of a user with no known film. */
  readonly populationMean: Float32Array;

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
  }

  foldIn(ratings: readonly MovieRating[], method: FoldInMethod): Float32Array {
    return method === 'map' ? this.map(ratings) : this.average(ratings);
  }

  /** The seed's fold-in (see FoldInMethod). Films unknown to the model are ignored. */
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
   * does not grow. Films unknown to the model are ignored; with none known the result is the
   * mean trained user.
   */
  map(ratings: readonly MovieRating[], iterations = MAP_ITERATIONS): Float32Array {
    const { network } = this;
    const center = Float64Array.from(this.average(ratings));
    const p = network.userVectorLength;
    const d = network.embedDim;
    const h0 = network.firstUnits;
    const known: Known[] = [];
    for (const { movieId, rating } of ratings) {
      const movie = network.movieIndex.get(movieId);
      if (movie === undefined) continue;
      const part = new Float64Array(h0);
      network.movieFirstLayer(movie, part);
      known.push({ movie, rating, part });
    }
    if (known.length === 0) return Float32Array.from(this.populationMean);
    center.fill(0, d);
    const weight = new Float64Array(p).fill(this.ridge.embedding);
    if (network.hasBias) weight[p - 1] = this.ridge.bias;

    // Forward passes at a point, and the objective there; a step's passes serve the next step.
    const evaluate = (u: Float64Array) => {
      const userPart = network.userFirstLayer(u);
      const passes = known.map(({ movie, part }) => network.forward(u, userPart, part, movie));
      let value = 0;
      passes.forEach((pass, j) => (value += ((known[j] as Known).rating - pass.rating) ** 2));
      for (let k = 0; k < p; k++) {
        value += (weight[k] as number) * ((u[k] as number) - (center[k] as number)) ** 2;
      }
      return { passes, value };
    };
    let user = Float64Array.from(center);
    let at = evaluate(user);
    const gradient = new Float64Array(p);
    for (let iteration = 0; iteration < iterations; iteration++) {
      // Normal equations of the linearised problem: (J^T J + W) step = J^T e - W (u - c).
      const matrix = new Float64Array(p * p);
      const rhs = new Float64Array(p);
      for (let k = 0; k < p; k++) {
        matrix[k * p + k] = weight[k] as number;
        rhs[k] = -(weight[k] as number) * ((user[k] as number) - (center[k] as number));
      }
      at.passes.forEach((pass, j) => {
        const { movie, rating } = known[j] as Known;
        network.ratingGradient(pass, movie, gradient);
        const e = rating - pass.rating;
        for (let a = 0; a < p; a++) {
          const ga = gradient[a] as number;
          if (ga === 0) continue;
          rhs[a] = (rhs[a] as number) + ga * e;
          const row = a * p;
          for (let b = 0; b <= a; b++) {
            matrix[row + b] = (matrix[row + b] as number) + ga * (gradient[b] as number);
          }
        }
      });
      const step = solveSymmetricPositive(matrix, rhs, p);
      let accepted = false;
      for (let attempt = 0, scale = 1; attempt < 4 && !accepted; attempt++, scale /= 2) {
        const candidate = Float64Array.from(user, (v, k) => v + scale * (step[k] as number));
        const next = evaluate(candidate);
        if (next.value <= at.value) {
          user = candidate;
          at = next;
          accepted = true;
        }
      }
      if (!accepted) break;
    }
    return Float32Array.from(user);
  }
}

/**
 * Solves A x = b for a symmetric positive definite A given by its lower triangle (row-major
 * n x n) by Cholesky decomposition. A is overwritten.
 */
export function solveSymmetricPositive(a: Float64Array, b: Float64Array, n: number): Float64Array {
  for (let j = 0; j < n; j++) {
    let diagonal = a[j * n + j] as number;
    for (let k = 0; k < j; k++) diagonal -= (a[j * n + k] as number) ** 2;
    if (!(diagonal > 0)) throw new RangeError('matrix is not positive definite');
    const root = Math.sqrt(diagonal);
    a[j * n + j] = root;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j] as number;
      for (let k = 0; k < j; k++) s -= (a[i * n + k] as number) * (a[j * n + k] as number);
      a[i * n + j] = s / root;
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i] as number;
    for (let k = 0; k < i; k++) s -= (a[i * n + k] as number) * (y[k] as number);
    y[i] = s / (a[i * n + i] as number);
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i] as number;
    for (let k = i + 1; k < n; k++) s -= (a[k * n + i] as number) * (x[k] as number);
    x[i] = s / (a[i * n + i] as number);
  }
  return x;
}
