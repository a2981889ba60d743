import * as tf from '@tensorflow/tfjs';
import { MIN_RATING } from '../format/ratings';
import { modelOptions, type NcfConfig } from '../format/config';
import { RATING_RANGE, RatingScale } from './rating-scale';
import { SeededDropout } from './seeded-dropout';
import {
  MOVIE_BIAS,
  MOVIE_EMBEDDING,
  MOVIE_GMF,
  OUTPUT_BIAS,
  OUTPUT_KERNEL,
  USER_BIAS,
  USER_EMBEDDING,
  USER_GMF,
  hiddenBias,
  hiddenKernel,
  sizeOf,
  networkWeightLayout,
} from '../format/weights-layout';

export interface NamedWeight {
  name: string;
  shape: number[];
  data: Float32Array;
}

/** Distinct initialiser / dropout seeds derived from the config's seed. */
const subSeed = (seed: number, k: number): number => (seed * 1000 + k) % 2_147_483_647;

/** The logit whose sigmoid, scaled by RatingScale, is `rating` (clamped inside the range). */
export function ratingLogit(rating: number): number {
  const p = Math.min(0.99, Math.max(0.01, (rating - MIN_RATING) / RATING_RANGE));
  return Math.log(p / (1 - p));
}

export interface BuildOptions {
  /** Mean training rating: the output bias starts at its logit when the config has biases. */
  meanRating?: number;
}

/**
 * The faithful NCF: user and movie embeddings, concatenated, hidden dense ReLU layers each
 * followed by Dropout, a 1-unit sigmoid, then RatingScale to [0.5, 5]. Inputs are dense
 * indices of shape [batch, 1] (int32): 'user' then 'movie'.
 *
 * The config's options add, beside it: a GMF branch (element-wise product of separate user
 * and movie embeddings, concatenated to the last hidden layer before the output layer), and a
 * user and a movie bias added to the output logit before the sigmoid. Without them the model is
 * exactly the original project's, layer for layer and seed for seed.
 */
export function buildNcfModel(
  config: NcfConfig,
  numUsers: number,
  numMovies: number,
  options: BuildOptions = {},
): tf.LayersModel {
  const { embedDim, seed } = config;
  const { gmfDim, biases, filmFeatures } = modelOptions(config);
  const userInput = tf.input({ shape: [1], dtype: 'int32', name: 'user' });
  const movieInput = tf.input({ shape: [1], dtype: 'int32', name: 'movie' });
  const featureInputs: tf.SymbolicTensor[] = [];
  /** With movie features, a movie part is its row plus its feature part, fed as an input. */
  const withFeatures = (row: tf.SymbolicTensor, width: number, name: string) => {
    if (!filmFeatures) return row;
    const input = tf.input({ shape: [width], dtype: 'float32', name });
    featureInputs.push(input);
    return tf.layers.add().apply([row, input]) as tf.SymbolicTensor;
  };
  const lookUp = (
    input: tf.SymbolicTensor,
    name: string,
    count: number,
    width: number,
    initializer: ReturnType<typeof tf.initializers.zeros>,
  ) =>
    tf.layers.flatten().apply(
      tf.layers
        .embedding({
          name,
          inputDim: count,
          outputDim: width,
          embeddingsInitializer: initializer,
        })
        .apply(input),
    ) as tf.SymbolicTensor;
  const uniform = (k: number) =>
    tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: subSeed(seed, k) });
  const userVector = lookUp(userInput, USER_EMBEDDING, numUsers, embedDim, uniform(1));
  const movieVector = withFeatures(
    lookUp(movieInput, MOVIE_EMBEDDING, numMovies, embedDim, uniform(2)),
    embedDim,
    'movie_features',
  );
  let x = tf.layers.concatenate().apply([userVector, movieVector]) as tf.SymbolicTensor;
  config.hiddenUnits.forEach((units, i) => {
    x = tf.layers
      .dense({
        name: `hidden_${i}`,
        units,
        activation: 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed: subSeed(seed, 10 + i) }),
      })
      .apply(x) as tf.SymbolicTensor;
    x = new SeededDropout({
      name: `dropout_${i}`,
      rate: config.dropout,
      seed: subSeed(seed, 100 + i),
    }).apply(x) as tf.SymbolicTensor;
  });
  if (gmfDim > 0) {
    const userGmf = lookUp(userInput, USER_GMF, numUsers, gmfDim, uniform(3));
    const movieGmf = withFeatures(
      lookUp(movieInput, MOVIE_GMF, numMovies, gmfDim, uniform(4)),
      gmfDim,
      'movie_features_gmf',
    );
    const product = tf.layers.multiply().apply([userGmf, movieGmf]) as tf.SymbolicTensor;
    x = tf.layers.concatenate().apply([x, product]) as tf.SymbolicTensor;
  }
  const output = tf.layers.dense({
    name: 'output',
    units: 1,
    activation: biases ? 'linear' : 'sigmoid',
    kernelInitializer: tf.initializers.glorotUniform({ seed: subSeed(seed, 99) }),
    ...(biases && options.meanRating !== undefined
      ? { biasInitializer: tf.initializers.constant({ value: ratingLogit(options.meanRating) }) }
      : {}),
  });
  let probability = output.apply(x) as tf.SymbolicTensor;
  if (biases) {
    const zeros = tf.initializers.zeros();
    const userBias = lookUp(userInput, USER_BIAS, numUsers, 1, zeros);
    const movieBias = withFeatures(
      lookUp(movieInput, MOVIE_BIAS, numMovies, 1, zeros),
      1,
      'movie_features_bias',
    );
    const logit = tf.layers.add().apply([probability, userBias, movieBias]) as tf.SymbolicTensor;
    probability = tf.layers.activation({ activation: 'sigmoid' }).apply(logit) as tf.SymbolicTensor;
  }
  const rating = new RatingScale({ name: 'rating_scale' }).apply(probability) as tf.SymbolicTensor;
  return tf.model({
    inputs: [userInput, movieInput, ...featureInputs],
    outputs: rating,
    name: 'ncf',
  });
}

/** The embedding and bias tables of the model: what l2 regularises. */
export function embeddingTables(model: tf.LayersModel, config: NcfConfig): tf.Variable[] {
  const { gmfDim, biases } = modelOptions(config);
  const names = [USER_EMBEDDING, MOVIE_EMBEDDING];
  if (gmfDim > 0) names.push(USER_GMF, MOVIE_GMF);
  if (biases) names.push(USER_BIAS, MOVIE_BIAS);
  return names.map((name) => model.getLayer(name).weights[0]?.read() as tf.Variable);
}

/** The embedding and bias tables of the model by the index they are looked up with. */
export function embeddingTablesBySide(
  model: tf.LayersModel,
  config: NcfConfig,
): { users: tf.Variable[]; movies: tf.Variable[] } {
  const { gmfDim, biases } = modelOptions(config);
  const users = [USER_EMBEDDING];
  const movies = [MOVIE_EMBEDDING];
  if (gmfDim > 0) {
    users.push(USER_GMF);
    movies.push(MOVIE_GMF);
  }
  if (biases) {
    users.push(USER_BIAS);
    movies.push(MOVIE_BIAS);
  }
  const variable = (name: string) => model.getLayer(name).weights[0]?.read() as tf.Variable;
  return { users: users.map(variable), movies: movies.map(variable) };
}

/** The tfjs variables behind each artifact weight name. */
function variablesByName(model: tf.LayersModel, config: NcfConfig): Map<string, tf.LayerVariable> {
  const byName = new Map<string, tf.LayerVariable>();
  const take = (layerName: string, names: string[]) => {
    const weights = model.getLayer(layerName).weights;
    names.forEach((name, i) => {
      const variable = weights[i];
      if (!variable) throw new Error(`layer ${layerName} has no weight ${i}`);
      byName.set(name, variable);
    });
  };
  take(USER_EMBEDDING, [USER_EMBEDDING]);
  take(MOVIE_EMBEDDING, [MOVIE_EMBEDDING]);
  const { gmfDim, biases } = modelOptions(config);
  if (gmfDim > 0) {
    take(USER_GMF, [USER_GMF]);
    take(MOVIE_GMF, [MOVIE_GMF]);
  }
  if (biases) {
    take(USER_BIAS, [USER_BIAS]);
    take(MOVIE_BIAS, [MOVIE_BIAS]);
  }
  config.hiddenUnits.forEach((_, i) => take(`hidden_${i}`, [hiddenKernel(i), hiddenBias(i)]));
  take('output', [OUTPUT_KERNEL, OUTPUT_BIAS]);
  return byName;
}

/** Copies the model's weights out, in artifact order and names. */
export function readModelWeights(
  model: tf.LayersModel,
  config: NcfConfig,
  numUsers: number,
  numMovies: number,
): NamedWeight[] {
  const variables = variablesByName(model, config);
  return networkWeightLayout(config, numUsers, numMovies).map(({ name, shape }) => {
    const variable = variables.get(name);
    if (!variable) throw new Error(`model has no weight ${name}`);
    const data = variable.read().dataSync();
    return { name, shape, data: new Float32Array(data) };
  });
}

/** Sets the model's weights from artifact-named weights (shapes must match the model). */
export function writeModelWeights(
  model: tf.LayersModel,
  config: NcfConfig,
  weights: readonly NamedWeight[],
): void {
  const variables = variablesByName(model, config);
  for (const { name, shape, data } of weights) {
    const variable = variables.get(name);
    if (!variable) throw new Error(`model has no weight ${name}`);
    if (sizeOf(shape) !== data.length) throw new Error(`weight ${name}: data does not fit shape`);
    const value = tf.tensor(data, shape, 'float32');
    variable.write(value);
    value.dispose();
  }
}
