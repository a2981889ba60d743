import { isFiniteNumber, isPositiveInt } from './config-checks';

/**
 * Hyperparameters of the ranking network: the part of a model that orders movies for a user (the
 * rating network beside it predicts the stars shown). A user is the faithful fold-in learned end to
 * end: the rating-weighted sum of the embeddings of the movies they rated, scaled by the norm of
 * their ratings, through tanh; a movie's score is a GMF product of that vector with the movie's own
 * vector, plus the movie's bias. It is trained on which movies users rated at all, as a multinomial
 * likelihood over every movie (Mult-DAE, Liang et al. 2018), with half of each user's movies hidden
 * from the input at every step, so it learns to predict the movies a user will rate from the
 * others.
 */
export interface RankingConfig {
  embedDim: number;
  /** Share of a user's rated movies hidden from the input at each training step. */
  inputDropout: number;
  /** Weight of the squared norm of both embedding tables, added to each batch's loss. */
  l2: number;
  learningRate: number;
  /** Users per step. */
  batchSize: number;
  maxEpochs: number;
  /** Epochs without a better validation nDCG@10 before training stops. */
  patience: number;
  /**
   * The new users' feature part, fitted after the network, which stays as trained: a vector per
   * movie feature (genre, decade) added to the input embedding of each movie that has it (the mean
   * of its features' vectors), so a user who rated a few movies also says what kind of movies they
   * like. The model then has a second input table, the input embeddings with that part added,
   * which ranks for users the model was not trained on. Absent: no such table.
   */
  newUserFeatures?: NewUserFeaturesConfig;
  /**
   * Above `aboveMovies` movies the training likelihood normalises over a sample of the catalogue
   * instead of every movie (a full softmax costs movies × embedDim a user at every step). Serving
   * always scores every movie. Absent: the full softmax at every size.
   */
  sampledSoftmax?: SampledSoftmaxConfig;
}

/**
 * A sampled softmax (training only): each batch draws `negatives` movies, with replacement, with
 * probability proportional to (the movie's training ratings + 1)^exponent; each user's softmax
 * runs over their own movies and those draws, with the logQ correction (SampledColumns).
 */
export interface SampledSoftmaxConfig {
  /** Catalogues of more movies than this train with the sampled softmax; up to it, the full one. */
  aboveMovies: number;
  /** Draws per batch, shared by its users. */
  negatives: number;
  /** 0.75 draws by popularity^0.75 (word2vec's unigram^0.75); 0 draws uniformly. */
  exponent: number;
  /**
   * The tables take sparse ("lazy") Adam steps: only the rows a batch touches (its users' input
   * movies, its columns' output rows and biases) get their moments and values updated, and the
   * l2 term covers those rows only (LazyRankingTables). Absent or false: tfjs's dense Adam over
   * every row, and the l2 term over both whole tables.
   */
  lazyAdam?: boolean;
  /**
   * Epochs before `patience` starts counting: training runs at least minEpochs + patience epochs.
   * The validation nDCG of a sampled softmax dips for a few epochs after the first two or three
   * before it climbs, which stops a plain patience early. Absent: 0.
   */
  minEpochs?: number;
}

export interface NewUserFeaturesConfig {
  /** Passes over the training users. */
  epochs: number;
  /**
   * Movies a new user has rated, about: at each step the fit shows the network about this many
   * of a training user's movies (each kept with probability movies / movies they rated).
   */
  movies: number;
}

/** Chosen on ml-latest-small validation splits carved from the training ratings only. */
export const DEFAULT_RANKING_CONFIG: RankingConfig = Object.freeze({
  embedDim: 128,
  inputDropout: 0.5,
  l2: 0.001,
  learningRate: 0.01,
  batchSize: 128,
  maxEpochs: 40,
  patience: 3,
  newUserFeatures: Object.freeze({ epochs: 20, movies: 10 }),
  sampledSoftmax: Object.freeze({
    aboveMovies: 20_000,
    negatives: 2_048,
    exponent: 0.75,
    lazyAdam: true,
    minEpochs: 15,
  }),
});

/** Every problem with a ranking config, one line each ("ranking." prefixed); empty when valid. */
export function rankingConfigProblems(config: unknown): string[] {
  if (typeof config !== 'object' || config === null) return ['ranking must be an object'];
  const c = config as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of ['embedDim', 'batchSize', 'maxEpochs', 'patience'] as const) {
    if (!isPositiveInt(c[key])) problems.push(`ranking.${key} must be a positive integer`);
  }
  if (!isFiniteNumber(c.inputDropout) || c.inputDropout < 0 || c.inputDropout >= 1) {
    problems.push('ranking.inputDropout must be a number in [0, 1)');
  }
  if (!isFiniteNumber(c.l2) || c.l2 < 0) problems.push('ranking.l2 must be a number >= 0');
  if (c.newUserFeatures !== undefined) {
    const f = c.newUserFeatures as Record<string, unknown> | null;
    if (typeof f !== 'object' || f === null) {
      problems.push('ranking.newUserFeatures must be an object');
    } else {
      for (const key of ['epochs', 'movies'] as const) {
        if (!isPositiveInt(f[key])) {
          problems.push(`ranking.newUserFeatures.${key} must be a positive integer`);
        }
      }
    }
  }
  if (c.sampledSoftmax !== undefined) {
    const f = c.sampledSoftmax as Record<string, unknown> | null;
    if (typeof f !== 'object' || f === null) {
      problems.push('ranking.sampledSoftmax must be an object');
    } else {
      if (!isFiniteNumber(f.aboveMovies) || f.aboveMovies < 0 || !Number.isInteger(f.aboveMovies)) {
        problems.push('ranking.sampledSoftmax.aboveMovies must be an integer >= 0');
      }
      if (!isPositiveInt(f.negatives)) {
        problems.push('ranking.sampledSoftmax.negatives must be a positive integer');
      }
      if (!isFiniteNumber(f.exponent) || f.exponent < 0) {
        problems.push('ranking.sampledSoftmax.exponent must be a number >= 0');
      }
      if (
        f.minEpochs !== undefined &&
        (!isFiniteNumber(f.minEpochs) || f.minEpochs < 0 || !Number.isInteger(f.minEpochs))
      ) {
        problems.push('ranking.sampledSoftmax.minEpochs must be an integer >= 0');
      }
      if (f.lazyAdam !== undefined && typeof f.lazyAdam !== 'boolean') {
        problems.push('ranking.sampledSoftmax.lazyAdam must be a boolean');
      }
    }
  }
  if (!isFiniteNumber(c.learningRate) || c.learningRate <= 0) {
    problems.push('ranking.learningRate must be a positive number');
  }
  return problems;
}
