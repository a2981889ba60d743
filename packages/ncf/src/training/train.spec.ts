import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../network/backend';
import { DEFAULT_NCF_CONFIG, type NcfConfig } from '../format/config';
import { NcfScorer } from '../serving/scorer';
import { splitTrainValidation } from './split';
import { buildSyntheticTriples } from '../testing/synthetic-triples';
import { trainNcf, type EpochProgress } from './train';
import type { TrainingTriples } from './triples';
import type { NcfArtifact } from '../format/artifact';

const small: NcfConfig = {
  ...DEFAULT_NCF_CONFIG,
  embedDim: 16,
  hiddenUnits: [32, 16],
  learningRate: 0.01,
  batchSize: 64,
  maxEpochs: 12,
  patience: 3,
};

/** RMSE of an artifact on the validation rows that trainNcf held out for `config`. */
function validationRmse(artifact: NcfArtifact, data: TrainingTriples, config: NcfConfig): number {
  const { validation } = splitTrainValidation(
    data.ratings.length,
    config.validationFraction,
    config.seed,
  );
  const scorer = NcfScorer.fromArtifact(artifact);
  const d = config.embedDim;
  const users = artifact.weights.find((w) => w.name === 'user_embedding')!.data;
  let squared = 0;
  for (const row of validation) {
    const u = artifact.userIds.indexOf(data.userIds[row]!);
    const m = artifact.movieIds.indexOf(data.movieIds[row]!);
    const predicted = scorer.scoreAll(users.slice(u * d, (u + 1) * d))[m]!;
    squared += (predicted - data.ratings[row]!) ** 2;
  }
  return Math.sqrt(squared / validation.length);
}

/** Ratings with no structure: a model can only overfit them. */
const pureNoise = () =>
  buildSyntheticTriples({ users: 60, movies: 40, ratingsPerUser: 20, seed: 2, factors: 0 });

beforeAll(() => initBackend());

describe('trainNcf', () => {
  it('learns structure: validation RMSE well below the global-mean baseline', async () => {
    const data = buildSyntheticTriples({ users: 150, movies: 100, ratingsPerUser: 30, seed: 1 });
    const progress: EpochProgress[] = [];
    const { artifact, metrics } = await trainNcf(data, small, (p) => void progress.push(p));

    const { train, validation } = splitTrainValidation(
      data.ratings.length,
      small.validationFraction,
      small.seed,
    );
    const mean = train.reduce((s, i) => s + data.ratings[i]!, 0) / train.length;
    const baseline = Math.sqrt(
      validation.reduce((s, i) => s + (data.ratings[i]! - mean) ** 2, 0) / validation.length,
    );
    expect(metrics.valRmse).toBeLessThan(0.75 * baseline);
    expect(progress.at(-1)!.loss).toBeLessThan(progress[0]!.loss);
    expect(progress.map((p) => p.epoch)).toEqual(progress.map((_, i) => i + 1));
    expect(progress.every((p) => p.epochs === small.maxEpochs)).toBe(true);
    expect(metrics.epochs).toBe(progress.length);
    expect(metrics.backend).toBe(tf.getBackend());
    expect(metrics.trainSeconds).toBeGreaterThan(0);

    expect(artifact.userIds).toEqual([...new Set(data.userIds)].sort((a, b) => a - b));
    expect(artifact.movieIds).toEqual([...new Set(data.movieIds)].sort((a, b) => a - b));
    expect(validationRmse(artifact, data, small)).toBeCloseTo(metrics.valRmse, 4);
  });

  it('trains the extended model (biases, GMF, ridge prior): learns, records stats, l2 shrinks rows', async () => {
    const data = buildSyntheticTriples({ users: 80, movies: 60, ratingsPerUser: 25, seed: 4 });
    const extended: NcfConfig = { ...small, biases: true, gmfDim: 4, maxEpochs: 4 };
    const { train, validation } = splitTrainValidation(data.ratings.length, 0.1, small.seed);
    const mean = train.reduce((s, i) => s + data.ratings[i]!, 0) / train.length;
    const baseline = Math.sqrt(
      validation.reduce((s, i) => s + (data.ratings[i]! - mean) ** 2, 0) / validation.length,
    );
    const plain = await trainNcf(data, { ...extended, l2: 0 });
    const ridge = await trainNcf(data, { ...extended, l2: 20 });
    expect(plain.metrics.valRmse).toBeLessThan(0.85 * baseline);
    expect(plain.artifact.stats).toEqual({
      meanRating: expect.closeTo(mean, 5),
      valRmse: plain.metrics.valRmse,
      movieRatingCounts: plain.artifact.movieIds.map(
        (id) => data.movieIds.filter((m) => m === id).length,
      ),
    });
    const squares = (a: NcfArtifact, name: string) =>
      a.weights.find((w) => w.name === name)!.data.reduce((s, v) => s + v * v, 0);
    for (const name of ['movie_embedding', 'movie_gmf', 'user_gmf']) {
      expect(squares(ridge.artifact, name)).toBeLessThan(squares(plain.artifact, name));
    }
    // What the scorer predicts for trained users is what training validated.
    const scorer = NcfScorer.fromArtifact(plain.artifact);
    let squared = 0;
    for (const row of validation) {
      const user = scorer.trainedUserVector(data.userIds[row]!)!;
      const m = plain.artifact.movieIds.indexOf(data.movieIds[row]!);
      squared += (scorer.scoreAll(user)[m]! - data.ratings[row]!) ** 2;
    }
    scorer.dispose();
    expect(Math.sqrt(squared / validation.length)).toBeCloseTo(plain.metrics.valRmse, 4);
  });

  it('learns movie features: bakes them into the movie rows, places movies nobody rated', async () => {
    const data = buildSyntheticTriples({ users: 80, movies: 60, ratingsPerUser: 25, seed: 5 });
    // Half the movies are "good" (one star better): a fact their features tell.
    const good = (movieId: number) => movieId % 2 === 0;
    data.ratings = data.ratings.map((r, i) =>
      good(data.movieIds[i]!) ? Math.min(5, r + 1) : Math.max(0.5, r - 0.5),
    );
    const tokens = new Map<number, string[]>(
      [...new Set(data.movieIds)].map((id) => [id, [good(id) ? 'good' : 'bad', 'decade:1990']]),
    );
    tokens.set(9000, ['good', 'decade:1990']); // nobody rated these two
    tokens.set(9001, ['bad', 'decade:1990']);
    const config: NcfConfig = {
      ...small,
      biases: true,
      gmfDim: 4,
      l2: 3,
      maxEpochs: 6,
      filmFeatures: true,
    };
    await expect(trainNcf(data, config)).rejects.toThrow(/filmFeatures needs/);

    const { artifact, metrics } = await trainNcf({ ...data, movieFeatures: tokens }, config);
    expect(artifact.movieIds).toEqual(expect.arrayContaining([9000, 9001]));
    expect(artifact.movieIds).toHaveLength(tokens.size);
    // Every rating is counted for its movie; the two movies nobody rated have none.
    const counts = artifact.stats!.movieRatingCounts!;
    artifact.movieIds.forEach((id, i) => {
      expect(counts[i]).toBe(data.movieIds.filter((m) => m === id).length);
    });
    expect(counts[artifact.movieIds.indexOf(9000)]).toBe(0);
    // What the scorer predicts from the artifact (features added into the movie rows) is what
    // training validated with the features as a separate input.
    const { validation } = splitTrainValidation(data.ratings.length, 0.1, config.seed);
    const scorer = NcfScorer.fromArtifact(artifact);
    let squared = 0;
    for (const row of validation) {
      const user = scorer.trainedUserVector(data.userIds[row]!)!;
      const m = artifact.movieIds.indexOf(data.movieIds[row]!);
      squared += (scorer.scoreAll(user)[m]! - data.ratings[row]!) ** 2;
    }
    expect(Math.sqrt(squared / validation.length)).toBeCloseTo(metrics.valRmse, 4);
    // The unrated "good" movie is predicted above the unrated "bad" one for nearly every user.
    const goodIndex = artifact.movieIds.indexOf(9000);
    const badIndex = artifact.movieIds.indexOf(9001);
    let above = 0;
    for (const userId of artifact.userIds) {
      const scores = scorer.scoreAll(scorer.trainedUserVector(userId)!);
      if (scores[goodIndex]! > scores[badIndex]! + 0.3) above++;
    }
    scorer.dispose();
    expect(above / artifact.userIds.length).toBeGreaterThan(0.9);
  });

  it('stops early and keeps the best epoch weights', async () => {
    // Pure noise and a large step: the model can only overfit, so validation RMSE rises.
    const data = pureNoise();
    const config: NcfConfig = {
      ...small,
      learningRate: 0.05,
      batchSize: 32,
      maxEpochs: 15,
      patience: 2,
    };
    const progress: EpochProgress[] = [];
    const { artifact, metrics } = await trainNcf(data, config, (p) => void progress.push(p));

    const rmses = progress.map((p) => p.valRmse);
    const best = Math.min(...rmses);
    const bestEpoch = rmses.indexOf(best) + 1;
    expect(progress.length).toBeLessThan(config.maxEpochs);
    expect(progress.length).toBe(bestEpoch + config.patience);
    expect(metrics.valRmse).toBe(best);
    expect(metrics.trainLoss).toBe(progress[bestEpoch - 1]!.loss);
    expect(rmses.at(-1)! - best).toBeGreaterThan(1e-3); // restoring the best is observable
    expect(validationRmse(artifact, data, config)).toBeCloseTo(best, 4);
  });

  describe('averageEpochs', () => {
    // Noisy enough that validation RMSE bottoms out mid-run (epoch 8 of 10 here).
    const data = buildSyntheticTriples({
      users: 150,
      movies: 100,
      ratingsPerUser: 30,
      seed: 1,
      noise: 0.5,
    });
    const config: NcfConfig = { ...small, learningRate: 0.03, patience: 2 };
    const averaging: NcfConfig = { ...config, averageEpochs: { before: 1, after: 2 } };

    it('serves the mean of the epochs around the best one when it predicts validation better', async () => {
      const progress: EpochProgress[] = [];
      const plain = await trainNcf(data, config);
      const { artifact, metrics } = await trainNcf(data, averaging, (p) => void progress.push(p));
      const rmses = progress.map((p) => p.valRmse);
      const bestEpoch = rmses.indexOf(Math.min(...rmses)) + 1;
      // Epochs best-1 .. best+2 that ran (training stops patience epochs after the best).
      const window = Math.min(bestEpoch, 2) + Math.min(2, progress.length - bestEpoch);
      expect(window).toBeGreaterThan(2);
      expect(metrics.averagedEpochs).toBe(window);
      expect(metrics.valRmse).toBeLessThan(Math.min(...rmses));
      expect(validationRmse(artifact, data, averaging)).toBeCloseTo(metrics.valRmse, 5);
      expect(artifact.stats!.valRmse).toBe(metrics.valRmse);
      expect(artifact.config.averageEpochs).toEqual({ before: 1, after: 2 });
      // The same run without averaging keeps the best epoch's weights: the epochs are the same.
      expect(plain.metrics.averagedEpochs).toBe(1);
      expect(plain.metrics.valRmse).toBe(Math.min(...rmses));
      expect(artifact.weights[0]!.data).not.toEqual(plain.artifact.weights[0]!.data);
    });

    it('keeps the best epoch alone when the mean does not predict validation better', async () => {
      // Pure noise and a large step: later epochs only overfit, and averaging them in hurts.
      const noise = pureNoise();
      const overfitting: NcfConfig = { ...small, learningRate: 0.05, batchSize: 32, patience: 2 };
      const plain = await trainNcf(noise, overfitting);
      const averaged = await trainNcf(noise, {
        ...overfitting,
        averageEpochs: { before: 0, after: 2 },
      });
      expect(averaged.metrics.averagedEpochs).toBe(1);
      expect(averaged.metrics.valRmse).toBe(plain.metrics.valRmse);
      expect(averaged.artifact.weights).toEqual(plain.artifact.weights);
    });
  });

  it('is repeatable for a seed, differs for another, awaits onEpoch and leaks no tensors', async () => {
    const data = buildSyntheticTriples({ users: 40, movies: 30, ratingsPerUser: 15, seed: 3 });
    const config: NcfConfig = { ...small, maxEpochs: 2 };
    await trainNcf(data, config); // warm-up: tfjs caches a few tensors on first use
    const before = tf.memory().numTensors;
    const events: string[] = [];
    const first = await trainNcf(data, config, async ({ epoch }) => {
      events.push(`start ${epoch}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      events.push(`end ${epoch}`);
    });
    events.push('returned');
    expect(tf.memory().numTensors).toBe(before);
    expect(events).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'returned']);

    const again = await trainNcf(data, config);
    const reseeded = await trainNcf(data, { ...config, seed: 7 });
    const flat = (a: NcfArtifact) => a.weights.flatMap((w) => Array.from(w.data));
    expect(flat(again.artifact)).toEqual(flat(first.artifact));
    expect(again.metrics.valRmse).toBe(first.metrics.valRmse);
    expect(flat(reseeded.artifact)).not.toEqual(flat(first.artifact));
  });

  describe('sparseAdamAboveMovies', () => {
    const data = buildSyntheticTriples({ users: 80, movies: 60, ratingsPerUser: 25, seed: 4 });
    const extended: NcfConfig = { ...small, biases: true, gmfDim: 4, l2: 5, maxEpochs: 4 };
    const flat = (a: NcfArtifact) => a.weights.flatMap((w) => Array.from(w.data));

    it('trains with sparse Adam above the threshold: learns, differs from dense Adam, leaks no tensors', async () => {
      const { train, validation } = splitTrainValidation(data.ratings.length, 0.1, small.seed);
      const mean = train.reduce((s, i) => s + data.ratings[i]!, 0) / train.length;
      const baseline = Math.sqrt(
        validation.reduce((s, i) => s + (data.ratings[i]! - mean) ** 2, 0) / validation.length,
      );
      const dense = await trainNcf(data, extended);
      const before = tf.memory().numTensors;
      const sparse = await trainNcf(data, { ...extended, sparseAdamAboveMovies: 0 });
      expect(tf.memory().numTensors).toBe(before);
      expect(sparse.metrics.valRmse).toBeLessThan(0.85 * baseline);
      expect(flat(sparse.artifact)).not.toEqual(flat(dense.artifact));
    });

    it('learns movie features under sparse Adam: places movies nobody rated', async () => {
      const rated = buildSyntheticTriples({ users: 80, movies: 60, ratingsPerUser: 25, seed: 5 });
      const good = (movieId: number) => movieId % 2 === 0;
      rated.ratings = rated.ratings.map((r, i) =>
        good(rated.movieIds[i]!) ? Math.min(5, r + 1) : Math.max(0.5, r - 0.5),
      );
      const tokens = new Map<number, string[]>(
        [...new Set(rated.movieIds)].map((id) => [id, [good(id) ? 'good' : 'bad']]),
      );
      tokens.set(9000, ['good']); // nobody rated these two
      tokens.set(9001, ['bad']);
      const { artifact } = await trainNcf(
        { ...rated, movieFeatures: tokens },
        { ...extended, l2: 3, maxEpochs: 6, filmFeatures: true, sparseAdamAboveMovies: 0 },
      );
      const scorer = NcfScorer.fromArtifact(artifact);
      const [goodIndex, badIndex] = [9000, 9001].map((id) => artifact.movieIds.indexOf(id));
      let above = 0;
      for (const userId of artifact.userIds) {
        const scores = scorer.scoreAll(scorer.trainedUserVector(userId)!);
        if (scores[goodIndex!]! > scores[badIndex!]! + 0.3) above++;
      }
      scorer.dispose();
      expect(above / artifact.userIds.length).toBeGreaterThan(0.9);
    });

    it('leaves training as it was up to the threshold', async () => {
      const plain = await trainNcf(data, { ...extended, maxEpochs: 2 });
      const below = await trainNcf(data, { ...extended, maxEpochs: 2, sparseAdamAboveMovies: 60 });
      expect(flat(below.artifact)).toEqual(flat(plain.artifact));
    });
  });

  describe('rejects bad input with a clear error', () => {
    const ok = buildSyntheticTriples({ users: 5, movies: 5, ratingsPerUser: 3, seed: 4 });
    const withRating = (index: number, value: number): TrainingTriples => {
      const ratings = ok.ratings.slice();
      ratings[index] = value;
      return { ...ok, ratings };
    };
    it.each<[string, TrainingTriples, string | RegExp]>([
      [
        'empty data',
        { userIds: new Int32Array(0), movieIds: new Int32Array(0), ratings: new Float32Array(0) },
        'need at least 2 ratings',
      ],
      [
        'lengths that differ',
        { ...ok, movieIds: ok.movieIds.subarray(1) },
        `lengths differ (userIds 15, movieIds 14, ratings 15)`,
      ],
      ['a NaN rating', withRating(4, NaN), 'rating at index 4 is NaN'],
      ['a rating above 5', withRating(2, 5.5), 'rating at index 2 is 5.5'],
      ['a rating below 0.5', withRating(0, 0), 'rating at index 0 is 0'],
    ])('%s', async (_, data, message) => {
      await expect(trainNcf(data, small)).rejects.toThrow(message);
    });

    it('a bad config, listing every problem', async () => {
      await expect(
        trainNcf(ok, { ...small, hiddenUnits: [], learningRate: -1, validationFraction: 1 }),
      ).rejects.toThrow(
        'Invalid NCF config: hiddenUnits must be a non-empty array of positive integers; ' +
          'learningRate must be a positive number; validationFraction must be a number in (0, 1)',
      );
    });
  });
});
