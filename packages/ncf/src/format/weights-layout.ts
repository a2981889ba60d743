import { modelOptions, type NcfConfig } from './config';
import type { RankingConfig } from './ranking-config';

/** Whether a ranking network has its new users' input table (RankingConfig.newUserFeatures). */
export const hasNewUserInput = (ranking: RankingConfig): boolean =>
  ranking.newUserFeatures !== undefined;

export interface WeightSpec {
  name: string;
  shape: number[];
}

export const USER_EMBEDDING = 'user_embedding';
export const MOVIE_EMBEDDING = 'movie_embedding';
export const USER_GMF = 'user_gmf';
export const MOVIE_GMF = 'movie_gmf';
export const USER_BIAS = 'user_bias';
export const MOVIE_BIAS = 'movie_bias';
export const hiddenKernel = (i: number): string => `hidden_${i}/kernel`;
export const hiddenBias = (i: number): string => `hidden_${i}/bias`;
export const OUTPUT_KERNEL = 'output/kernel';
export const OUTPUT_BIAS = 'output/bias';
export const RANKING_INPUT = 'ranking/input';
export const RANKING_OUTPUT = 'ranking/output';
export const RANKING_BIAS = 'ranking/bias';
export const RANKING_NEW_USER_INPUT = 'ranking/new_user_input';

/**
 * Every weight of a model version, by artifact name, in artifact order: the rating network's
 * (networkWeightLayout), then the ranking network's when the config has one: the movies' input
 * and output embeddings, row-major [movies, ranking.embedDim], their biases [movies, 1], and with a
 * feature share the new users' input embeddings [movies, ranking.embedDim].
 */
export function weightLayout(config: NcfConfig, numUsers: number, numMovies: number): WeightSpec[] {
  const specs = networkWeightLayout(config, numUsers, numMovies);
  if (config.ranking) {
    const r = config.ranking.embedDim;
    specs.push({ name: RANKING_INPUT, shape: [numMovies, r] });
    specs.push({ name: RANKING_OUTPUT, shape: [numMovies, r] });
    specs.push({ name: RANKING_BIAS, shape: [numMovies, 1] });
    if (hasNewUserInput(config.ranking)) {
      specs.push({ name: RANKING_NEW_USER_INPUT, shape: [numMovies, r] });
    }
  }
  return specs;
}

/**
 * The rating network's weights, by their artifact names, in artifact order. Kernels are row-major
 * [inputs, units] as tfjs stores them; hidden_0's inputs are the user embedding then the movie
 * embedding (the concatenation order); the output layer's inputs are the last hidden layer, then
 * (with a GMF branch) the element-wise product of the GMF embeddings. Bias tables are [rows, 1].
 */
export function networkWeightLayout(
  config: NcfConfig,
  numUsers: number,
  numMovies: number,
): WeightSpec[] {
  const d = config.embedDim;
  const { gmfDim, biases } = modelOptions(config);
  const specs: WeightSpec[] = [
    { name: USER_EMBEDDING, shape: [numUsers, d] },
    { name: MOVIE_EMBEDDING, shape: [numMovies, d] },
  ];
  if (gmfDim > 0) {
    specs.push({ name: USER_GMF, shape: [numUsers, gmfDim] });
    specs.push({ name: MOVIE_GMF, shape: [numMovies, gmfDim] });
  }
  if (biases) {
    specs.push({ name: USER_BIAS, shape: [numUsers, 1] });
    specs.push({ name: MOVIE_BIAS, shape: [numMovies, 1] });
  }
  let inputs = 2 * d;
  config.hiddenUnits.forEach((units, i) => {
    specs.push({ name: hiddenKernel(i), shape: [inputs, units] });
    specs.push({ name: hiddenBias(i), shape: [units] });
    inputs = units;
  });
  specs.push({ name: OUTPUT_KERNEL, shape: [inputs + gmfDim, 1] });
  specs.push({ name: OUTPUT_BIAS, shape: [1] });
  return specs;
}

export const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
