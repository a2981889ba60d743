import * as tf from '@tensorflow/tfjs';
import type { NcfConfig } from './config';
import { RatingScale } from './rating-scale';
import { SeededDropout } from './seeded-dropout';
import {
  MOVIE_EMBEDDING,
  OUTPUT_BIAS,
  OUTPUT_KERNEL,
  USER_EMBEDDING,
  hiddenBias,
  hiddenKernel,
  sizeOf,
  weightLayout,
} from './weights-layout';

export interface NamedWeight {
  name: string;
  shape: number[];
  data: Float32Array;
}

/** Distinct initialiser / dropout seeds derived from the config's seed. */
const subSeed = (seed: number, k: number): number => (seed * 1000 + k) % 2_147_483_647;

/**
 * The seed's NCF: user and movie embeddings, concatenated, hidden dense ReLU layers each
 * followed by Dropout, a 1-unit sigmoid, then RatingScale to [0.5, 5]. Inputs are dense
 * indices of shape [batch, 1] (int32): 'user' then 'movie'.
 */
export function buildNcfModel(
  config: NcfConfig,
  numUsers: number,
  numMovies: number,
): tf.LayersModel {
  const { embedDim, seed } = config;
  const userInput = tf.input({ shape: [1], dtype: 'int32', name: 'user' });
  const movieInput = tf.input({ shape: [1], dtype: 'int32', name: 'movie' });
  const embedding = (name: string, count: number, k: number) =>
    tf.layers.embedding({
      name,
      inputDim: count,
      outputDim: embedDim,
      embeddingsInitializer: tf.initializers.randomUniform({
        minval: -0.05,
        maxval: 0.05,
        seed: subSeed(seed, k),
      }),
    });
  const userVector = tf.layers
    .flatten()
    .apply(embedding(USER_EMBEDDING, numUsers, 1).apply(userInput)) as tf.SymbolicTensor;
  const movieVector = tf.layers
    .flatten()
    .apply(embedding(MOVIE_EMBEDDING, numMovies, 2).apply(movieInput)) as tf.SymbolicTensor;
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
  const probability = tf.layers
    .dense({
      name: 'output',
      units: 1,
      activation: 'sigmoid',
      kernelInitializer: tf.initializers.glorotUniform({ seed: subSeed(seed, 99) }),
    })
    .apply(x) as tf.SymbolicTensor;
  const rating = new RatingScale({ name: 'rating_scale' }).apply(probability) as tf.SymbolicTensor;
  return tf.model({ inputs: [userInput, movieInput], outputs: rating, name: 'ncf' });
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
  return weightLayout(config, numUsers, numMovies).map(({ name, shape }) => {
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
