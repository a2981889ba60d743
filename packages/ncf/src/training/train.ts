import * as tf from '@tensorflow/tfjs';
import { EventLoopYielder } from './event-loop';
import { initBackend } from '../network/backend';
import type { NcfArtifact } from '../format/artifact';
import { ARTIFACT_FORMAT } from '../format/artifact';
import {
  assertValidNcfConfig,
  modelOptions,
  usesSparseAdam,
  type NcfConfig,
} from '../format/config';
import { SparseTablesAdam } from './sparse-tables-adam';
import { squaredNorm } from './squared-norm';
import { MovieFeatures } from './movie-features';
import {
  buildNcfModel,
  embeddingTables,
  embeddingTablesBySide,
  readModelWeights,
  type NamedWeight,
} from '../network/model';
import { createRandom, shuffleInPlace } from '../format/random';
import { trainingSplit } from './split';
import { assertValidTriples, groupRows, indexIds, type TrainingTriples } from './triples';
import { averageWeights } from './average-weights';
import { NcfScorer } from '../serving/scorer';

export interface EpochProgress {
  /** 1-based. */
  epoch: number;
  /** The most epochs this run may take (config.maxEpochs); early stopping may end sooner. */
  epochs: number;
  /** Mean training MSE of the epoch (with dropout active). */
  loss: number;
  valRmse: number;
}

export interface NcfTrainingMetrics {
  /** Validation RMSE of the weights in the artifact. */
  valRmse: number;
  /** Epochs whose weights the artifact averages (1: the best epoch's alone; see averageEpochs). */
  averagedEpochs: number;
  /** Training loss (MSE) of the kept epoch. */
  trainLoss: number;
  /** Epochs run. */
  epochs: number;
  trainSeconds: number;
  backend: string;
}

/** Rows predicted per call when measuring validation error. */
const EVAL_CHUNK = 8192;

/**
 * Trains the NCF on (user, movie, rating) triples with MSE and Adam. Ids are mapped to dense
 * indices (the artifact keeps them in index order); a seeded split holds out
 * validationFraction; after each epoch validation RMSE is measured and onEpoch awaited; training
 * stops after `patience` epochs without improvement and the best epoch's weights are returned,
 * or with config.averageEpochs the mean of the epochs around it when that validates better.
 * This is the rating network alone: config.ranking is left out of the artifact.
 */
export async function trainNcf(
  data: TrainingTriples,
  config: NcfConfig,
  onEpoch?: (progress: EpochProgress) => void | Promise<void>,
): Promise<{ artifact: NcfArtifact; metrics: NcfTrainingMetrics }> {
  assertValidNcfConfig(config);
  assertValidTriples(data);
  // initBackend also registers this package's faster kernel gradients.
  const backend = await initBackend();
  const started = performance.now();

  const users = indexIds(data.userIds);
  const movieFeatures = modelOptions(config).filmFeatures ? data.movieFeatures : undefined;
  if (modelOptions(config).filmFeatures && !movieFeatures) {
    throw new Error("config.filmFeatures needs the films' feature tokens (data.movieFeatures)");
  }
  // With movie features, movies nobody rated get a row too: their features place them.
  const movies = indexIds(
    movieFeatures
      ? Int32Array.from(new Set([...data.movieIds, ...movieFeatures.keys()]))
      : data.movieIds,
  );
  const count = data.ratings.length;
  const userIndex = new Int32Array(count);
  const movieIndex = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    userIndex[i] = users.indexOf.get(data.userIds[i] as number) as number;
    movieIndex[i] = movies.indexOf.get(data.movieIds[i] as number) as number;
  }
  const { train, validation } = trainingSplit(count, config);

  let ratingSum = 0;
  for (const row of train) ratingSum += data.ratings[row] as number;
  const meanRating = ratingSum / train.length;
  const model = buildNcfModel(config, users.ids.length, movies.ids.length, { meanRating });
  const options = modelOptions(config);
  const { l2 } = options;
  const features = movieFeatures
    ? MovieFeatures.forModel(config, movies.ids, movieFeatures)
    : undefined;
  const sparse = usesSparseAdam(config, movies.ids.length)
    ? new SparseTablesAdam(
        embeddingTablesBySide(model, config),
        config.learningRate,
        l2 / train.length,
      )
    : undefined;
  // Under sparse Adam the embedding tables' ridge prior is part of their update.
  const embeddings = l2 > 0 && !sparse ? embeddingTables(model, config) : [];
  const tables = l2 > 0 ? [...embeddings, ...(features?.tables ?? [])] : [];
  const optimizer = tf.train.adam(config.learningRate);
  // LayerVariable.read() is the tf.Variable the optimizer updates.
  const variables = [
    ...model.trainableWeights.map((w) => w.read() as tf.Variable),
    ...(features?.tables ?? []),
  ];
  /** The model's inputs for example rows: indices, plus movie feature parts when it has them. */
  const inputsFor = (u: tf.Tensor2D, m: tf.Tensor2D): tf.Tensor[] =>
    features ? [u, m, ...features.partsFor(m)] : [u, m];
  const readWeights = (): NamedWeight[] => {
    const weights = readModelWeights(model, config, users.ids.length, movies.ids.length);
    features?.addInto(weights);
    return weights;
  };
  const shuffleRandom = createRandom(config.seed + 1);
  // A caller's timers (a job lock's renewal) run between batches and validation chunks.
  const yielder = new EventLoopYielder();

  let best: { epoch: number; valRmse: number; loss: number; weights: NamedWeight[] } | undefined;
  const averaging = config.averageEpochs;
  /** With averaging: every epoch's weights from averaging.before epochs before the best on. */
  let recent: { epoch: number; weights: NamedWeight[] }[] = [];
  let epochsRun = 0;
  let sinceBest = 0;
  try {
    for (let epoch = 1; epoch <= config.maxEpochs; epoch++) {
      shuffleInPlace(train, shuffleRandom);
      const loss = await trainEpoch();
      const valRmse = await rmse(
        model,
        inputsFor,
        validation,
        userIndex,
        movieIndex,
        data.ratings,
        yielder,
      );
      epochsRun = epoch;
      if (!Number.isFinite(loss) || !Number.isFinite(valRmse)) {
        throw new Error(
          `NCF training diverged at epoch ${epoch} (loss ${loss}, validation RMSE ${valRmse}); ` +
            'try a lower learningRate',
        );
      }
      const isBest = !best || valRmse < best.valRmse;
      const weights = isBest || averaging ? readWeights() : undefined;
      if (averaging) recent.push({ epoch, weights: weights as NamedWeight[] });
      if (isBest) {
        best = { epoch, valRmse, loss, weights: weights as NamedWeight[] };
        sinceBest = 0;
        recent = recent.filter((r) => r.epoch >= epoch - (averaging?.before ?? 0));
      } else {
        sinceBest++;
      }
      await onEpoch?.({ epoch, epochs: config.maxEpochs, loss, valRmse });
      if (sinceBest >= config.patience) break;
    }
  } finally {
    optimizer.dispose();
    sparse?.dispose();
    model.dispose();
    features?.dispose();
  }
  if (!best) throw new Error('NCF training ran no epoch');

  // The ranking network, if the config has one, is trained apart (addRankingNetwork).
  const { ranking: _ranking, ...networkConfig } = config;
  const artifactOf = (weights: NamedWeight[], valRmse: number): NcfArtifact => ({
    format: ARTIFACT_FORMAT,
    config: { ...networkConfig, hiddenUnits: [...config.hiddenUnits] },
    userIds: users.ids,
    movieIds: movies.ids,
    weights,
    stats: {
      meanRating,
      valRmse,
      movieRatingCounts: countRatingsPerMovie(movieIndex, movies.ids.length),
    },
  });
  let served = {
    artifact: artifactOf(best.weights, best.valRmse),
    valRmse: best.valRmse,
    epochs: 1,
  };
  const bestEpoch = best.epoch;
  const window = recent.filter((r) => r.epoch <= bestEpoch + (averaging?.after ?? 0));
  if (window.length > 1) {
    const averaged = averageWeights(window.map((r) => r.weights));
    // The scorer validates stats, so the candidate carries the best epoch's figure meanwhile.
    const valRmse = await scoredRmse(
      artifactOf(averaged, best.valRmse),
      validation,
      userIndex,
      movieIndex,
      data.ratings,
      yielder,
    );
    if (valRmse < best.valRmse) {
      served = { artifact: artifactOf(averaged, valRmse), valRmse, epochs: window.length };
    }
  }

  return {
    artifact: served.artifact,
    metrics: {
      valRmse: served.valRmse,
      averagedEpochs: served.epochs,
      trainLoss: best.loss,
      epochs: epochsRun,
      trainSeconds: (performance.now() - started) / 1000,
      backend,
    },
  };

  async function trainEpoch(): Promise<number> {
    let weightedLoss = 0;
    for (let start = 0; start < train.length; start += config.batchSize) {
      const rows = train.subarray(start, Math.min(train.length, start + config.batchSize));
      const batchLoss = tf.tidy(() => {
        const {
          users: u,
          movies: m,
          ratings: r,
        } = batchTensors(rows, userIndex, movieIndex, data.ratings);
        const loss = () => {
          const predicted = model.apply(inputsFor(u, m), { training: true }) as tf.Tensor;
          const mse = tf.losses.meanSquaredError(r, predicted) as tf.Scalar;
          if (tables.length === 0) return mse;
          return tf.add(mse, tf.mul(l2 / train.length, squaredNorm(tables))) as tf.Scalar;
        };
        if (!sparse) {
          const cost = optimizer.minimize(loss, true, variables);
          return cost ? (cost.dataSync()[0] as number) : NaN;
        }
        const { value, grads } = optimizer.computeGradients(loss, variables);
        const userRows = Array.from(rows, (row) => userIndex[row] as number);
        const movieRows = Array.from(rows, (row) => movieIndex[row] as number);
        optimizer.applyGradients(sparse.apply(grads, userRows, movieRows));
        return value.dataSync()[0] as number;
      });
      weightedLoss += batchLoss * rows.length;
      await yielder.step();
    }
    return weightedLoss / train.length;
  }
}

/**
 * RMSE of an artifact's trained users on example rows, through the serving code (the movie
 * features are already folded into its movie rows, so the training model cannot score it).
 */
async function scoredRmse(
  artifact: NcfArtifact,
  rows: Int32Array,
  userIndex: Int32Array,
  movieIndex: Int32Array,
  ratings: Float32Array,
  yielder: EventLoopYielder,
): Promise<number> {
  const byUser = groupRows(userIndex, rows);
  const scorer = NcfScorer.fromArtifact(artifact, { engine: 'js' });
  let squared = 0;
  try {
    for (const [u, userRows] of byUser) {
      const vector = scorer.trainedUserVector(artifact.userIds[u] as number) as Float32Array;
      const scores = scorer.scoreAt(
        vector,
        Int32Array.from(userRows, (r) => movieIndex[r] as number),
      );
      userRows.forEach((r, k) => {
        squared += ((scores[k] as number) - (ratings[r] as number)) ** 2;
      });
      await yielder.step();
    }
  } finally {
    scorer.dispose();
  }
  return Math.sqrt(squared / rows.length);
}

/** How many of the ratings each movie (by model index) has. */
function countRatingsPerMovie(movieIndex: Int32Array, movies: number): number[] {
  const counts = new Array<number>(movies).fill(0);
  for (const m of movieIndex) counts[m] = (counts[m] as number) + 1;
  return counts;
}

function batchTensors(
  rows: Int32Array,
  userIndex: Int32Array,
  movieIndex: Int32Array,
  ratings: Float32Array,
): { users: tf.Tensor2D; movies: tf.Tensor2D; ratings: tf.Tensor2D } {
  const n = rows.length;
  const u = new Int32Array(n);
  const m = new Int32Array(n);
  const r = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const row = rows[i] as number;
    u[i] = userIndex[row] as number;
    m[i] = movieIndex[row] as number;
    r[i] = ratings[row] as number;
  }
  return {
    users: tf.tensor2d(u, [n, 1], 'int32'),
    movies: tf.tensor2d(m, [n, 1], 'int32'),
    ratings: tf.tensor2d(r, [n, 1], 'float32'),
  };
}

/** Root mean squared error of the model (inference mode) on the given example rows. */
async function rmse(
  model: tf.LayersModel,
  inputsFor: (u: tf.Tensor2D, m: tf.Tensor2D) => tf.Tensor[],
  rows: Int32Array,
  userIndex: Int32Array,
  movieIndex: Int32Array,
  ratings: Float32Array,
  yielder: EventLoopYielder,
): Promise<number> {
  let squared = 0;
  for (let start = 0; start < rows.length; start += EVAL_CHUNK) {
    const chunk = rows.subarray(start, Math.min(rows.length, start + EVAL_CHUNK));
    const output = tf.tidy(() => {
      const t = batchTensors(chunk, userIndex, movieIndex, ratings);
      return model.predict(inputsFor(t.users, t.movies)) as tf.Tensor;
    });
    const predicted = output.dataSync();
    output.dispose();
    for (let i = 0; i < chunk.length; i++) {
      const diff = (predicted[i] as number) - (ratings[chunk[i] as number] as number);
      squared += diff * diff;
    }
    await yielder.step();
  }
  return Math.sqrt(squared / rows.length);
}
