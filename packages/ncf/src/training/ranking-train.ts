import * as tf from '@tensorflow/tfjs';
import { EventLoopYielder } from './event-loop';
import type { NcfArtifact } from '../format/artifact';
import type { NcfConfig } from '../format/config';
import type { NamedWeight } from '../network/model';
import { trainingSplit } from './split';
import type { TrainingTriples } from './triples';
import { createRandom, shuffleInPlace } from '../format/random';
import { topKIndices } from '../serving/variety';
import { RANKING_BIAS, RANKING_INPUT, RANKING_OUTPUT } from '../format/weights-layout';
import type { RankingConfig } from '../format/ranking-config';
import { sparseInputs, weightedRowSums, type RatedMovies, type SparseRows } from './sparse-rows';
import { featureWeights } from './movie-features';
import { fitNewUserInput, type NewUserInputPass } from './new-user-input';
import {
  denseTargets,
  fullSoftmaxLoss,
  PopularitySampler,
  sampledColumns,
  sampledSoftmaxLoss,
  type SampledColumns,
  type SoftmaxSampling,
} from './sampled-softmax';
import { LazyRankingTables } from './lazy-ranking-tables';

/** Movies each validation list holds: the product shows ten. */
export const VALIDATION_K = 10;

export interface RankingEpoch {
  /** 1-based. */
  epoch: number;
  epochs: number;
  /** Mean negative log-likelihood per training user (with input dropout). */
  loss: number;
  /** nDCG@10 of the validation ratings, ranking every movie the user has not rated. */
  valNdcg: number;
}

export interface RankingTrainingMetrics {
  /** Validation nDCG@10 of the kept epoch. */
  valNdcg: number;
  /** The kept epoch (1-based) and the epochs run. */
  bestEpoch: number;
  epochs: number;
  seconds: number;
}

export interface RankingData {
  /** Per rating row: the user's dense index, the movie's model index, the stars. */
  userIndex: Int32Array;
  movieIndex: Int32Array;
  ratings: Float32Array;
  users: number;
  movies: number;
  /** Rows to learn from, and rows whose movies each user's validation list should find. */
  train: Int32Array;
  validation: Int32Array;
  /** Each movie's feature weights, row-major [movies, tokens]; needed with newUserFeatures. */
  features?: { weights: Float32Array; tokens: number };
}

/**
 * Trains the ranking network (see RankingConfig) on the training rows, keeping the epoch whose
 * users' validation movies rank best (nDCG@10); stops after `patience` epochs without a better
 * one. Returns its weights by artifact name. Needs an initialised tfjs backend.
 */
export async function trainRanking(
  data: RankingData,
  config: RankingConfig,
  seed: number,
  onEpoch?: (progress: RankingEpoch) => void | Promise<void>,
  onNewUserPass?: (progress: NewUserInputPass) => void | Promise<void>,
): Promise<{ weights: NamedWeight[]; metrics: RankingTrainingMetrics }> {
  const started = performance.now();
  const { movies: n } = data;
  const d = config.embedDim;
  const rated = moviesByUser(data, data.train);
  const held = moviesByUser(data, data.validation);
  const users = [...rated.keys()];
  const validationUsers = users.filter((u) => held.has(u));

  // tidy frees the initial values' tensors; the variables hold their data.
  const [input, output, bias] = tf.tidy(() => [
    tf.variable(tf.randomNormal([n, d], 0, 0.05, 'float32', seed + 1), true),
    tf.variable(tf.randomNormal([n, d], 0, 0.05, 'float32', seed + 2), true),
    tf.variable(tf.zeros([n]), true),
  ]) as [tf.Variable, tf.Variable, tf.Variable];
  if (config.newUserFeatures && !data.features) {
    throw new Error("ranking.newUserFeatures needs the movies' feature weights (data.features)");
  }
  const variables = [input, output, bias];
  const optimizer = tf.train.adam(config.learningRate);
  const random = createRandom(seed + 3);
  const keep = 1 - config.inputDropout;
  const sampled = usesSampledSoftmax(config, n) ? config.sampledSoftmax : undefined;
  const sampling: SoftmaxSampling | undefined = sampled && {
    sampler: new PopularitySampler(trainingCounts(data), sampled.exponent),
    negatives: sampled.negatives,
  };
  const sampleRandom = createRandom(seed + 4);
  const lazy = sampled?.lazyAdam
    ? new LazyRankingTables(
        new Float32Array(input.dataSync()),
        new Float32Array(output.dataSync()),
        new Float32Array(bias.dataSync()),
        d,
        config.learningRate,
      )
    : undefined;

  const inputsOf = (batch: readonly number[], dropout: boolean): SparseRows =>
    sparseInputs(batch, rated, dropout ? () => keep : null, random);
  // An explicit transpose, then a plain product: wasm runs products with transposeB through a
  // scalar loop about ten times slower.
  const logitsOf = (x: SparseRows): tf.Tensor2D =>
    tf.add<tf.Tensor2D>(tf.matMul(tf.tanh(weightedRowSums(input, x)), tf.transpose(output)), bias);

  let best: { epoch: number; valNdcg: number; weights: NamedWeight[] } | undefined;
  let epochsRun = 0;
  // A caller's timers (a job lock's renewal) run between batches, in training and validation.
  const yielder = new EventLoopYielder();
  try {
    for (let epoch = 1; epoch <= config.maxEpochs; epoch++) {
      shuffleInPlace(users, random);
      let lossSum = 0;
      for (let start = 0; start < users.length; start += config.batchSize) {
        const batch = users.slice(start, start + config.batchSize);
        const x = inputsOf(batch, true);
        const positives = batch.map((u) => (rated.get(u) ?? []).map((f) => f.index));
        const columns =
          sampling && sampledColumns(positives, sampling.sampler, sampling.negatives, sampleRandom);
        if (lazy && columns) {
          lossSum += lazy.train(x, columns, config.l2) * batch.length;
        } else {
          lossSum += denseStep(x, columns, positives) * batch.length;
        }
        await yielder.step();
      }
      epochsRun = epoch;
      if (lazy) copyLazyTables(lazy);
      const loss = lossSum / users.length;
      const valNdcg = await validationNdcg();
      if (!Number.isFinite(loss)) {
        throw new Error(`ranking training diverged at epoch ${epoch}; try a lower learningRate`);
      }
      if (!best || valNdcg > best.valNdcg) best = { epoch, valNdcg, weights: readWeights() };
      await onEpoch?.({ epoch, epochs: config.maxEpochs, loss, valNdcg });
      if (epoch - Math.max(best.epoch, sampled?.minEpochs ?? 0) >= config.patience) break;
    }
  } finally {
    optimizer.dispose();
    tf.dispose(variables);
  }
  if (!best) throw new Error('ranking training ran no epoch');
  const weights =
    config.newUserFeatures && data.features
      ? [
          ...best.weights,
          await fitNewUserInput(
            best.weights,
            rated,
            data.features,
            { ...config, newUserFeatures: config.newUserFeatures },
            seed + 5,
            sampling,
            onNewUserPass,
          ),
        ]
      : best.weights;
  return {
    weights,
    metrics: {
      valNdcg: best.valNdcg,
      bestEpoch: best.epoch,
      epochs: epochsRun,
      seconds: (performance.now() - started) / 1000,
    },
  };

  function readWeights(): NamedWeight[] {
    return [
      { name: RANKING_INPUT, shape: [n, d], data: new Float32Array(input.dataSync()) },
      { name: RANKING_OUTPUT, shape: [n, d], data: new Float32Array(output.dataSync()) },
      { name: RANKING_BIAS, shape: [n, 1], data: new Float32Array(bias.dataSync()) },
    ];
  }

  /** One step of tfjs's Adam over the whole tables; returns the batch's loss. */
  function denseStep(
    x: SparseRows,
    columns: SampledColumns | undefined,
    positives: number[][],
  ): number {
    const t = columns ? undefined : tf.tensor2d(denseTargets(positives, n), [positives.length, n]);
    const cost = optimizer.minimize(
      () => {
        const hidden = tf.tanh(weightedRowSums(input, x));
        const loss = columns
          ? sampledSoftmaxLoss(hidden, output, bias, columns)
          : fullSoftmaxLoss(hidden, output, bias, t as tf.Tensor2D);
        if (config.l2 === 0) return loss;
        const norms = tf.add(tf.sum(tf.square(input)), tf.sum(tf.square(output)));
        return tf.add(loss, tf.mul(config.l2, norms)) as tf.Scalar;
      },
      true,
      variables,
    );
    const loss = cost?.dataSync()[0] ?? NaN;
    tf.dispose([...(cost ? [cost] : []), ...(t ? [t] : [])]);
    return loss;
  }

  /** Makes the variables (read by validation and readWeights) hold the lazy tables' values. */
  function copyLazyTables(tables: LazyRankingTables): void {
    tf.tidy(() => {
      input.assign(tf.tensor2d(tables.input.values.slice(), [n, d]));
      output.assign(tf.tensor2d(tables.output.values.slice(), [n, d]));
      bias.assign(tf.tensor1d(tables.bias.values.slice()));
    });
  }

  /** Mean nDCG@10 of the validation users' held-out movies (0 without validation users). */
  async function validationNdcg(): Promise<number> {
    if (validationUsers.length === 0) return 0;
    let total = 0;
    for (let start = 0; start < validationUsers.length; start += config.batchSize) {
      const batch = validationUsers.slice(start, start + config.batchSize);
      const x = inputsOf(batch, false);
      const logits = tf.tidy(() => logitsOf(x));
      const scores = logits.dataSync() as Float32Array;
      logits.dispose();
      batch.forEach((u, b) => {
        const excluded = new Uint8Array(n);
        for (const { index } of rated.get(u) ?? []) excluded[index] = 1;
        const top = topKIndices(scores.subarray(b * n, (b + 1) * n), VALIDATION_K, excluded);
        total += binaryNdcg(top, new Set((held.get(u) ?? []).map((f) => f.index)));
      });
      await yielder.step();
    }
    return total / validationUsers.length;
  }
}

/** Whether a catalogue of `movies` trains with the sampled softmax (RankingConfig.sampledSoftmax). */
export function usesSampledSoftmax(config: RankingConfig, movies: number): boolean {
  return config.sampledSoftmax !== undefined && movies > config.sampledSoftmax.aboveMovies;
}

function trainingCounts(data: RankingData): Float64Array {
  const counts = new Float64Array(data.movies);
  for (const row of data.train) {
    const movie = data.movieIndex[row] as number;
    counts[movie] = (counts[movie] as number) + 1;
  }
  return counts;
}

/** nDCG of a list against a set of relevant movies (binary gains; ideal over min(k, relevant)). */
export function binaryNdcg(list: ArrayLike<number>, relevant: ReadonlySet<number>): number {
  let dcg = 0;
  for (let r = 0; r < list.length; r++)
    if (relevant.has(list[r] as number)) dcg += 1 / Math.log2(r + 2);
  let ideal = 0;
  for (let r = 0; r < Math.min(list.length, relevant.size); r++) ideal += 1 / Math.log2(r + 2);
  return ideal > 0 ? dcg / ideal : 0;
}

function moviesByUser(data: RankingData, rows: Int32Array): RatedMovies {
  const byUser = new Map<number, { index: number; rating: number }[]>();
  for (const row of rows) {
    const u = data.userIndex[row] as number;
    let movies = byUser.get(u);
    if (!movies) byUser.set(u, (movies = []));
    movies.push({ index: data.movieIndex[row] as number, rating: data.ratings[row] as number });
  }
  return byUser;
}

/**
 * The ranking network for a trained rating network (`model`, trainNcf's artifact for `data` and
 * `config`): over the same movies in the same order, fitted on the same training rows and
 * validated on the same rows, so neither network ever learns from the other's validation
 * ratings. Returns the model with the ranking network's config and weights added.
 */
export async function addRankingNetwork(
  model: NcfArtifact,
  data: TrainingTriples,
  config: NcfConfig & { ranking: RankingConfig },
  onEpoch?: (progress: RankingEpoch) => void | Promise<void>,
  onNewUserPass?: (progress: NewUserInputPass) => void | Promise<void>,
): Promise<{ artifact: NcfArtifact; metrics: RankingTrainingMetrics }> {
  const movieIndexOf = new Map(model.movieIds.map((id, i) => [id, i]));
  const userIndexOf = new Map<number, number>();
  const count = data.ratings.length;
  const userIndex = new Int32Array(count);
  const movieIndex = new Int32Array(count);
  for (let row = 0; row < count; row++) {
    const user = data.userIds[row] as number;
    let u = userIndexOf.get(user);
    if (u === undefined) userIndexOf.set(user, (u = userIndexOf.size));
    userIndex[row] = u;
    const movie = movieIndexOf.get(data.movieIds[row] as number);
    if (movie === undefined) throw new Error(`movie ${data.movieIds[row]} is not in the model`);
    movieIndex[row] = movie;
  }
  const { train, validation } = trainingSplit(count, config);
  const wantsFeatures = config.ranking.newUserFeatures !== undefined;
  if (wantsFeatures && !data.movieFeatures) {
    throw new Error(
      "ranking.newUserFeatures needs the movies' feature tokens (data.movieFeatures)",
    );
  }
  const { weights, metrics } = await trainRanking(
    {
      userIndex,
      movieIndex,
      ratings: data.ratings,
      users: userIndexOf.size,
      movies: model.movieIds.length,
      train,
      validation,
      ...(wantsFeatures && data.movieFeatures
        ? { features: featureWeights(model.movieIds, data.movieFeatures, (tokens) => 1 / tokens) }
        : {}),
    },
    config.ranking,
    config.seed,
    onEpoch,
    onNewUserPass,
  );
  return {
    artifact: {
      ...model,
      config: { ...model.config, ranking: { ...config.ranking } },
      weights: [...model.weights, ...weights],
    },
    metrics,
  };
}
