import { isFiniteNumber, isPositiveInt } from './config-checks';
import {
  rankingConfigProblems,
  DEFAULT_RANKING_CONFIG,
  type RankingConfig,
} from './ranking-config';

/** Hyperparameters of the NCF model and its training. */
export interface NcfConfig {
  embedDim: number;
  /** Units of the hidden dense layers (ReLU, each followed by Dropout); at least one. */
  hiddenUnits: number[];
  dropout: number;
  learningRate: number;
  batchSize: number;
  maxEpochs: number;
  /** Epochs without a better validation RMSE before training stops. */
  patience: number;
  validationFraction: number;
  seed: number;
  /**
   * Options beyond the faithful model (absent or zero in it):
   * - biases: a per-user and a per-movie bias added to the output logit before the sigmoid, the
   *   output bias starting at the logit of the training mean rating.
   * - gmfDim: width of a GMF branch (NeuMF): separate user and movie embeddings whose
   *   element-wise product joins the last hidden layer as input of the output layer; 0 = none.
   * - l2: ridge weight per embedding or bias row: the loss is MSE + l2 * (sum of squares of
   *   every row of every embedding and bias table) / (training ratings), the MAP objective of
   *   a Gaussian prior on the rows.
   */
  biases?: boolean;
  gmfDim?: number;
  l2?: number;
  /**
   * Movie features (genres and release decade, see movieFeatureTokens): each movie part (MLP
   * embedding, GMF embedding, bias) is the movie's own row plus a weighted sum of rows of a
   * small per-feature table, so a movie few people rated starts from what its genres and decade
   * say, and a movie nobody rated still gets a row. Training needs TrainingTriples.movieFeatures.
   */
  filmFeatures?: boolean;
  /**
   * Epoch averaging: the artifact gets the mean of the weights of the epochs from `before`
   * epochs before the best one to `after` epochs after it (those that ran; `after` at most
   * patience, since training stops patience epochs after the best), when that mean predicts the
   * validation ratings better than the best epoch alone. Absent: the best epoch's weights.
   */
  averageEpochs?: { before: number; after: number };
  /**
   * Catalogues of more movies than this train the user and movie embedding and bias tables with
   * sparse ("lazy") Adam: a step updates the moments and values of the rows its batch touches
   * only, and the ridge prior covers those rows (l2 / training ratings each, at each step that
   * touches them) instead of every row at every step. Absent: tfjs's dense Adam at every size.
   */
  sparseAdamAboveMovies?: number;
  /**
   * The ranking network trained beside this one (see RankingConfig): what orders the movies a
   * user is shown, while this network predicts their stars. Absent: movies are ordered by
   * predicted stars, as the original project did.
   */
  ranking?: RankingConfig;
}

/** The options beyond the faithful model, with their faithful defaults filled in. */
export function modelOptions(config: NcfConfig): {
  biases: boolean;
  gmfDim: number;
  l2: number;
  filmFeatures: boolean;
} {
  return {
    biases: config.biases ?? false,
    gmfDim: config.gmfDim ?? 0,
    l2: config.l2 ?? 0,
    filmFeatures: config.filmFeatures ?? false,
  };
}

/** Whether a catalogue of `movies` trains its tables with sparse Adam (sparseAdamAboveMovies). */
export function usesSparseAdam(config: NcfConfig, movies: number): boolean {
  return config.sparseAdamAboveMovies !== undefined && movies > config.sparseAdamAboveMovies;
}

/** True when the config is the faithful architecture (no bias terms, no GMF branch). */
export function isFaithfulArchitecture(config: NcfConfig): boolean {
  const o = modelOptions(config);
  return !o.biases && o.gmfDim === 0 && !o.filmFeatures;
}

/** The faithful model: embeddings of 32, MLP 64-32 with ReLU and Dropout. */
/**
 * The config with an epoch budget: the rating network's maxEpochs set to `maxEpochs`, the ranking
 * network's (when there is one) capped by it, for quick or large runs.
 */
export function withEpochBudget(config: NcfConfig, maxEpochs: number): NcfConfig {
  const { ranking } = config;
  return {
    ...config,
    maxEpochs,
    ...(ranking
      ? { ranking: { ...ranking, maxEpochs: Math.min(ranking.maxEpochs, maxEpochs) } }
      : {}),
  };
}

export const DEFAULT_NCF_CONFIG: NcfConfig = Object.freeze({
  embedDim: 32,
  hiddenUnits: Object.freeze([64, 32]) as number[],
  dropout: 0.2,
  learningRate: 0.001,
  batchSize: 256,
  maxEpochs: 20,
  patience: 2,
  validationFraction: 0.1,
  seed: 42,
});

/**
 * The best configuration measured (docs/benchmarks.md): the faithful network plus user and movie
 * biases, a GMF branch (NeuMF), movie features (genres and decade) and a ridge prior on every
 * embedding and bias row; larger batches with a higher learning rate; the weights averaged over
 * the epochs around the best one. Chosen on the validation split carved from the training file,
 * never on a test split. Movies are ordered by the ranking network trained beside it.
 */
export const BEST_NCF_CONFIG: NcfConfig = Object.freeze({
  ...DEFAULT_NCF_CONFIG,
  hiddenUnits: Object.freeze([64, 32]) as number[],
  dropout: 0.5,
  batchSize: 1024,
  learningRate: 0.003,
  biases: true,
  gmfDim: 32,
  l2: 3,
  filmFeatures: true,
  averageEpochs: Object.freeze({ before: 1, after: 2 }),
  sparseAdamAboveMovies: 20_000,
  ranking: DEFAULT_RANKING_CONFIG,
});

/** Every problem with a config, one line each; empty when it is valid. */
export function ncfConfigProblems(config: unknown): string[] {
  if (typeof config !== 'object' || config === null) return ['config must be an object'];
  const c = config as Record<string, unknown>;
  const problems: string[] = [];
  if (!isPositiveInt(c.embedDim)) problems.push('embedDim must be a positive integer');
  if (
    !Array.isArray(c.hiddenUnits) ||
    c.hiddenUnits.length === 0 ||
    !c.hiddenUnits.every(isPositiveInt)
  ) {
    problems.push('hiddenUnits must be a non-empty array of positive integers');
  }
  if (!isFiniteNumber(c.dropout) || c.dropout < 0 || c.dropout >= 1) {
    problems.push('dropout must be a number in [0, 1)');
  }
  if (!isFiniteNumber(c.learningRate) || c.learningRate <= 0) {
    problems.push('learningRate must be a positive number');
  }
  if (!isPositiveInt(c.batchSize)) problems.push('batchSize must be a positive integer');
  if (!isPositiveInt(c.maxEpochs)) problems.push('maxEpochs must be a positive integer');
  if (!isPositiveInt(c.patience)) problems.push('patience must be a positive integer');
  if (
    !isFiniteNumber(c.validationFraction) ||
    c.validationFraction <= 0 ||
    c.validationFraction >= 1
  ) {
    problems.push('validationFraction must be a number in (0, 1)');
  }
  if (typeof c.seed !== 'number' || !Number.isSafeInteger(c.seed)) {
    problems.push('seed must be an integer');
  }
  if (c.biases !== undefined && typeof c.biases !== 'boolean') {
    problems.push('biases must be a boolean');
  }
  if (c.gmfDim !== undefined && !(c.gmfDim === 0 || isPositiveInt(c.gmfDim))) {
    problems.push('gmfDim must be 0 or a positive integer');
  }
  if (c.filmFeatures !== undefined && typeof c.filmFeatures !== 'boolean') {
    problems.push('filmFeatures must be a boolean');
  }
  if (c.l2 !== undefined && (!isFiniteNumber(c.l2) || c.l2 < 0)) {
    problems.push('l2 must be a number >= 0');
  }
  if (
    c.sparseAdamAboveMovies !== undefined &&
    (!isFiniteNumber(c.sparseAdamAboveMovies) ||
      c.sparseAdamAboveMovies < 0 ||
      !Number.isInteger(c.sparseAdamAboveMovies))
  ) {
    problems.push('sparseAdamAboveMovies must be an integer >= 0');
  }
  if (c.averageEpochs !== undefined) problems.push(...averageEpochsProblems(c.averageEpochs, c));
  if (c.ranking !== undefined) problems.push(...rankingConfigProblems(c.ranking));
  return problems;
}

function averageEpochsProblems(value: unknown, c: Record<string, unknown>): string[] {
  if (typeof value !== 'object' || value === null) {
    return ['averageEpochs must be an object { before, after }'];
  }
  const { before, after } = value as Record<string, unknown>;
  const isCount = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
  const problems: string[] = [];
  if (!isCount(before)) problems.push('averageEpochs.before must be an integer >= 0');
  if (!isCount(after)) problems.push('averageEpochs.after must be an integer >= 0');
  else if (isPositiveInt(c.patience) && (after as number) > c.patience) {
    problems.push('averageEpochs.after must be at most patience (training stops there)');
  }
  return problems;
}

export function assertValidNcfConfig(config: NcfConfig): void {
  const problems = ncfConfigProblems(config);
  if (problems.length > 0) throw new Error(`Invalid NCF config: ${problems.join('; ')}`);
}
