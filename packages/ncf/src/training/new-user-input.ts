import * as tf from '@tensorflow/tfjs';
import { createRandom, shuffleInPlace } from '../format/random';
import type { NewUserFeaturesConfig, RankingConfig } from '../format/ranking-config';
import {
  RANKING_BIAS,
  RANKING_INPUT,
  RANKING_NEW_USER_INPUT,
  RANKING_OUTPUT,
} from '../format/weights-layout';
import type { NamedWeight } from '../network/model';
import { EventLoopYielder } from './event-loop';
import type { FeatureWeights } from './movie-features';
import { takeValues } from './tensor-values';
import { sparseInputs, weightedRowSums, type RatedMovies, type SparseRows } from './sparse-rows';
import {
  denseTargets,
  fullSoftmaxLoss,
  sampledColumns,
  sampledSoftmaxLoss,
  type SoftmaxSampling,
} from './sampled-softmax';

/**
 * The new users' input table (RankingConfig.newUserFeatures): with the trained ranking network
 * frozen, fits one vector per movie feature so that a user's vector, from a few of their movies'
 * input embeddings plus those movies' feature part, predicts all the movies they rated, as the
 * network was trained to; returns the input embeddings with each movie's feature part added. The
 * vectors start at zero, where the table is the plain input table. With `sampling`, the likelihood
 * uses the same sampled softmax as the network's training.
 */
/** One pass of the new users' input fit over the training users. */
export interface NewUserInputPass {
  /** 1-based. */
  pass: number;
  passes: number;
  /** Mean loss per training user in the pass (with the films hidden as for a new user). */
  loss: number;
}

export async function fitNewUserInput(
  network: readonly NamedWeight[],
  rated: RatedMovies,
  features: FeatureWeights,
  config: RankingConfig & { newUserFeatures: NewUserFeaturesConfig },
  seed: number,
  sampling?: SoftmaxSampling,
  onPass?: (progress: NewUserInputPass) => void | Promise<void>,
): Promise<NamedWeight> {
  const weight = (name: string) => {
    const found = network.find((w) => w.name === name);
    if (!found) throw new Error(`the ranking network has no ${name}`);
    return found.data;
  };
  const d = config.embedDim;
  const n = weight(RANKING_BIAS).length;
  const { tokens } = features;
  const random = createRandom(seed);
  const users = [...rated.keys()];
  const { epochs, movies: shown } = config.newUserFeatures;
  const keepOf = (_user: number, movies: number) => Math.min(1, shown / Math.max(movies, 1));

  const input = tf.tensor2d(weight(RANKING_INPUT), [n, d]);
  const output = tf.tensor2d(weight(RANKING_OUTPUT), [n, d]);
  const sampleRandom = createRandom(seed + 1);
  const bias = tf.tensor1d(weight(RANKING_BIAS));
  const table = tf.variable(tf.zeros([tokens, d]), true);
  const optimizer = tf.train.adam(config.learningRate);
  const yielder = new EventLoopYielder();
  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      shuffleInPlace(users, random);
      let lossSum = 0;
      for (let start = 0; start < users.length; start += config.batchSize) {
        const batch = users.slice(start, start + config.batchSize);
        const positives = batch.map((u) => (rated.get(u) ?? []).map((f) => f.index));
        const columns = sampling
          ? sampledColumns(positives, sampling.sampler, sampling.negatives, sampleRandom)
          : undefined;
        const x = sparseInputs(batch, rated, keepOf, random);
        const mixes = tf.tensor2d(featureMixes(x, features), [batch.length, tokens]);
        const t = columns ? undefined : tf.tensor2d(denseTargets(positives, n), [batch.length, n]);
        const cost = optimizer.minimize(
          () => {
            const sums = tf.add(weightedRowSums(input, x), tf.matMul(mixes, table));
            const users = tf.tanh(sums) as tf.Tensor2D;
            const loss = columns
              ? sampledSoftmaxLoss(users, output, bias, columns)
              : fullSoftmaxLoss(users, output, bias, t as tf.Tensor2D);
            return tf.add(loss, tf.mul(config.l2, tf.sum(tf.square(table)))) as tf.Scalar;
          },
          true,
          [table],
        );
        lossSum += (cost?.dataSync()[0] ?? NaN) * batch.length;
        tf.dispose([mixes, ...(cost ? [cost] : []), ...(t ? [t] : [])]);
        await yielder.step();
      }
      await onPass?.({ pass: epoch, passes: epochs, loss: lossSum / users.length });
    }
    const data = takeValues(
      tf.tidy(() => tf.add(input, tf.matMul(tf.tensor2d(features.weights, [n, tokens]), table))),
    );
    return { name: RANKING_NEW_USER_INPUT, shape: [n, d], data };
  } finally {
    optimizer.dispose();
    tf.dispose([input, output, bias, table]);
  }
}

/**
 * Each user's mix of feature weights ([users, tokens]): the weighted sum of their movies' feature
 * rows, with the weights of the user's input sum.
 */
function featureMixes(rows: SparseRows, features: FeatureWeights): Float32Array {
  const { tokens, weights } = features;
  const users = rows.offsets.length - 1;
  const out = new Float32Array(users * tokens);
  for (let b = 0; b < users; b++) {
    for (let k = rows.offsets[b] as number; k < (rows.offsets[b + 1] as number); k++) {
      const w = rows.weights[k] as number;
      const row = (rows.movies[k] as number) * tokens;
      for (let j = 0; j < tokens; j++) {
        out[b * tokens + j] = (out[b * tokens + j] as number) + w * (weights[row + j] as number);
      }
    }
  }
  return out;
}
