import * as tf from '@tensorflow/tfjs';
import { modelOptions, type NcfConfig } from '../format/config';
import type { NamedWeight } from '../network/model';
import { MOVIE_BIAS, MOVIE_EMBEDDING, MOVIE_GMF } from '../format/weights-layout';
import { takeValues } from './tensor-values';

/** What the model knows of a movie besides its ratings. */
export interface MovieFacts {
  genres: readonly string[];
  year: number | null | undefined;
}

/** A movie's feature tokens: its genres and its release decade ("decade:1990"). */
export function movieFeatureTokens(movie: MovieFacts): string[] {
  const tokens = [...movie.genres];
  if (movie.year !== null && movie.year !== undefined && Number.isInteger(movie.year)) {
    tokens.push(`decade:${Math.floor(movie.year / 10) * 10}`);
  }
  return tokens;
}

/** Each movie's feature weights, row-major [movies, tokens] (featureWeights). */
export interface FeatureWeights {
  weights: Float32Array;
  tokens: number;
}

/**
 * Each movie's weights over every token any movie has (in sorted token order), row-major
 * [movies, tokens]: `weightOf(its token count)` for each of its tokens; a movie without tokens
 * has a zero row.
 */
export function featureWeights(
  movieIds: readonly number[],
  tokensByMovie: ReadonlyMap<number, readonly string[]>,
  weightOf: (tokens: number) => number,
): FeatureWeights {
  const names = [...new Set([...tokensByMovie.values()].flat())].sort();
  const column = new Map(names.map((name, i) => [name, i]));
  const tokens = Math.max(1, names.length);
  const weights = new Float32Array(movieIds.length * tokens);
  movieIds.forEach((id, i) => {
    const own = [...new Set(tokensByMovie.get(id) ?? [])];
    for (const token of own) {
      weights[i * tokens + (column.get(token) as number)] = weightOf(own.length);
    }
  });
  return { weights, tokens };
}

/**
 * The movie features of a model (NcfConfig.filmFeatures). Per movie, its tokens as a row of
 * weights 1/sqrt(token count); per movie part (MLP embedding, GMF embedding, bias) a trained table
 * of one row per token. A movie's feature part is its weights times the table. Trained with the
 * model, then added into the movie rows of the artifact (addInto), so scoring needs nothing new.
 */
export class MovieFeatures {
  readonly tables: tf.Variable[];

  private constructor(
    /** [movies, tokens]. */
    private readonly weights: tf.Tensor2D,
    widths: readonly number[],
    private readonly targets: readonly string[],
    seed: number,
  ) {
    const tokens = weights.shape[1];
    this.tables = widths.map((width, k) =>
      tf.variable(
        tf.randomUniform([tokens, width], -0.05, 0.05, 'float32', seed * 1000 + 500 + k),
        true,
      ),
    );
  }

  /** Features of the movies `movieIds` (in model index order), for `config`'s movie parts. */
  static forModel(
    config: NcfConfig,
    movieIds: readonly number[],
    tokensByMovie: ReadonlyMap<number, readonly string[]>,
  ): MovieFeatures {
    const { weights: data, tokens: count } = featureWeights(
      movieIds,
      tokensByMovie,
      (tokens) => 1 / Math.sqrt(tokens),
    );
    const { gmfDim, biases } = modelOptions(config);
    const parts: [number, string][] = [[config.embedDim, MOVIE_EMBEDDING]];
    if (gmfDim > 0) parts.push([gmfDim, MOVIE_GMF]);
    if (biases) parts.push([1, MOVIE_BIAS]);
    return new MovieFeatures(
      tf.tensor2d(data, [movieIds.length, count]),
      parts.map(([width]) => width),
      parts.map(([, name]) => name),
      config.seed,
    );
  }

  /** The feature parts of a batch of movie indices ([batch, 1] int32), in model input order. */
  partsFor(movies: tf.Tensor2D): tf.Tensor2D[] {
    // gatherND, not gather: the same rows, about 15 times faster on the wasm backend.
    const rows = tf.gatherND(this.weights, movies) as tf.Tensor2D;
    return this.tables.map((table) => tf.matMul(rows, table));
  }

  /** Adds every movie's feature part into its rows of the artifact's movie tables. */
  addInto(weights: NamedWeight[]): void {
    const parts = this.tables.map((table) => takeValues(tf.matMul(this.weights, table)));
    this.targets.forEach((name, k) => {
      const weight = weights.find((w) => w.name === name);
      if (!weight) throw new Error(`no weight ${name} to add film features into`);
      const part = parts[k] as Float32Array;
      for (let i = 0; i < weight.data.length; i++) {
        weight.data[i] = (weight.data[i] as number) + (part[i] as number);
      }
    });
  }

  dispose(): void {
    this.weights.dispose();
    for (const t of this.tables) t.dispose();
  }
}
