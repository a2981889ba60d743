import { LIKED_RATING, RATING_STEP } from '../format/ratings';
import type { NcfArtifact } from '../format/artifact';
import { ArtifactError } from '../format/artifact';
import {
  RANKING_BIAS,
  RANKING_INPUT,
  RANKING_NEW_USER_INPUT,
  RANKING_OUTPUT,
  hasNewUserInput,
} from '../format/weights-layout';

export interface RatedMovieIndex {
  /** Model movie index. */
  index: number;
  rating: number;
}

/**
 * A trained ranking network (see RankingConfig) as plain typed arrays, over the model's movies.
 * Ranks movies by the probability that the user rates them at all (the network's logit; the
 * softmax normaliser is the same for every movie) times the probability that they like a movie
 * they rate, read from the rating network's predicted stars.
 */
export class RankingNetwork {
  readonly dim: number;
  readonly input: Float32Array;
  readonly output: Float32Array;
  readonly bias: Float32Array;
  /**
   * The input embeddings with the movies' feature part added (RankingConfig.newUserFeatures), for
   * users the model was not trained on; null when the model has none.
   */
  readonly newUserInput: Float32Array | null;

  constructor(artifact: NcfArtifact) {
    const ranking = artifact.config.ranking;
    if (!ranking) throw new ArtifactError('the model has no ranking network');
    const weight = (name: string) => {
      const w = artifact.weights.find((x) => x.name === name);
      if (!w) throw new ArtifactError(`weight ${name} is missing`);
      return w.data;
    };
    this.dim = ranking.embedDim;
    this.input = weight(RANKING_INPUT);
    this.output = weight(RANKING_OUTPUT);
    this.bias = weight(RANKING_BIAS);
    this.newUserInput = hasNewUserInput(ranking) ? weight(RANKING_NEW_USER_INPUT) : null;
  }

  /**
   * The user's vector: tanh of the rating-weighted sum of their movies' input embeddings over
   * the norm of their ratings (zero for a user with no known movie). A user the model was not
   * trained on gets the movies' feature part too, when the model has it.
   */
  userVector(rated: readonly RatedMovieIndex[], trained: boolean): Float32Array {
    const table = trained ? this.input : (this.newUserInput ?? this.input);
    return rankingUserVector(table, this.dim, rated);
  }

  /** Logits of the movies at `indices` (every movie when null), aligned with them. */
  logits(user: Float32Array, indices: Int32Array | null, movies: number): Float32Array {
    const d = this.dim;
    const count = indices ? indices.length : movies;
    const out = new Float32Array(count);
    const { output, bias } = this;
    for (let k = 0; k < count; k++) {
      const i = indices ? (indices[k] as number) : k;
      let z = bias[i] as number;
      const row = i * d;
      for (let j = 0; j < d; j++) z += (user[j] as number) * (output[row + j] as number);
      out[k] = z;
    }
    return out;
  }
}

/** See RankingNetwork.userVector: the vector of a user from a table of input embeddings. */
export function rankingUserVector(
  input: Float32Array,
  dim: number,
  rated: readonly RatedMovieIndex[],
): Float32Array {
  const sum = new Float64Array(dim);
  let squares = 0;
  for (const { index, rating } of rated) {
    squares += rating * rating;
    const row = index * dim;
    for (let j = 0; j < dim; j++) sum[j] = (sum[j] as number) + rating * (input[row + j] as number);
  }
  const scale = squares > 0 ? 1 / Math.sqrt(squares) : 0;
  return Float32Array.from(sum, (v) => Math.tanh(v * scale));
}

/** Stars above which a rating counts as liked: halfway between LIKED_RATING and the step below. */
const LIKED_CUT = LIKED_RATING - RATING_STEP / 2;

/**
 * Log-probability that a user likes a movie they rate, when the rating network predicts `stars`
 * with Gaussian noise of `noise` (its validation RMSE): log P(rating >= LIKED_RATING).
 */
export function logLikeProbability(stars: number, noise: number): number {
  return logNormalCdf((stars - LIKED_CUT) / noise);
}

/** log Phi(z) of the standard normal, accurate in the far left tail too. */
export function logNormalCdf(z: number): number {
  if (z > -5) return Math.log(0.5 * erfc(-z / Math.SQRT2));
  // Far left tail (Phi underflows to 0 below about z = -38): the log of the same approximation,
  // taken term by term, so it keeps its relative error of 1.2e-7 and joins the branch above.
  return Math.log(0.5) + logErfcOfPositive(-z / Math.SQRT2);
}

/** Complementary error function (Numerical Recipes' erfcc, relative error < 1.2e-7). */
function erfc(x: number): number {
  const r = Math.exp(logErfcOfPositive(Math.abs(x)));
  return x >= 0 ? r : 2 - r;
}

/** log erfc(z) for z >= 0, by erfcc's formula without its final exp (so it never underflows). */
function logErfcOfPositive(z: number): number {
  const t = 1 / (1 + 0.5 * z);
  return (
    Math.log(t) -
    z * z -
    1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t *
                      (0.27886807 +
                        t *
                          (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))))
  );
}
