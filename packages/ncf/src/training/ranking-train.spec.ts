import * as tf from '@tensorflow/tfjs';
import { validateArtifact, type NcfArtifact } from '../format/artifact';
import { initBackend } from '../network/backend';
import { DEFAULT_NCF_CONFIG, type NcfConfig } from '../format/config';
import { createRandom, shuffleInPlace } from '../format/random';
import { buildRandomArtifact } from '../testing/random-artifact';
import type { TrainingTriples } from './triples';
import { topKIndices } from '../serving/variety';
import {
  RANKING_BIAS,
  RANKING_INPUT,
  RANKING_NEW_USER_INPUT,
  RANKING_OUTPUT,
  weightLayout,
} from '../format/weights-layout';
import type { RankingConfig } from '../format/ranking-config';
import { RankingNetwork, rankingUserVector } from '../network/ranking-network';
import type { NewUserInputPass } from './new-user-input';
import {
  addRankingNetwork,
  binaryNdcg,
  trainRanking,
  usesSampledSoftmax,
  VALIDATION_K,
  type RankingData,
  type RankingEpoch,
} from './ranking-train';

const MOVIES = 40;
const GROUP = 20; // group A: movies 0-19, group B: movies 20-39
const USERS = 40; // even users in group A, odd in group B
const PER_USER = 12;
const HELD_PER_USER = 3;

/** Spelled out in full, so tuning DEFAULT_RANKING_CONFIG leaves this test alone. */
const small: RankingConfig = {
  embedDim: 8,
  inputDropout: 0.5,
  l2: 0.001,
  learningRate: 0.02,
  batchSize: 16,
  maxEpochs: 30,
  patience: 3,
};

const groupOf = (movie: number) => (movie < GROUP ? 'A' : 'B');

/**
 * Two taste groups: each user rates a seeded random 12 of their group's 20 movies (ratings 2.5 to
 * 5); the last 3 of each user's movies are their validation rows.
 */
function twoGroups(seed: number): RankingData {
  const random = createRandom(seed);
  const userIndex: number[] = [];
  const movieIndex: number[] = [];
  const ratings: number[] = [];
  const train: number[] = [];
  const validation: number[] = [];
  for (let u = 0; u < USERS; u++) {
    const first = u % 2 === 0 ? 0 : GROUP;
    const movies = shuffleInPlace(
      Array.from({ length: GROUP }, (_, i) => first + i),
      random,
    ).slice(0, PER_USER);
    movies.forEach((movie, k) => {
      (k < PER_USER - HELD_PER_USER ? train : validation).push(userIndex.length);
      userIndex.push(u);
      movieIndex.push(movie);
      ratings.push(2.5 + 0.5 * Math.floor(random() * 6));
    });
  }
  return {
    userIndex: Int32Array.from(userIndex),
    movieIndex: Int32Array.from(movieIndex),
    ratings: Float32Array.from(ratings),
    users: USERS,
    movies: MOVIES,
    train: Int32Array.from(train),
    validation: Int32Array.from(validation),
  };
}

/**
 * Mean nDCG@10 over users of their validation movies, each ranking movies they did not train on.
 */
function meanValidationNdcg(data: RankingData, scoresOf: (user: number) => Float32Array): number {
  const trained = new Map<number, Set<number>>();
  const held = new Map<number, Set<number>>();
  for (const [rows, byUser] of [
    [data.train, trained],
    [data.validation, held],
  ] as const) {
    for (const row of rows) {
      const u = data.userIndex[row]!;
      if (!byUser.has(u)) byUser.set(u, new Set());
      byUser.get(u)!.add(data.movieIndex[row]!);
    }
  }
  let total = 0;
  for (const [u, relevant] of held) {
    const excluded = new Uint8Array(data.movies);
    for (const movie of trained.get(u) ?? []) excluded[movie] = 1;
    total += binaryNdcg(topKIndices(scoresOf(u), VALIDATION_K, excluded), relevant);
  }
  return total / held.size;
}

/** Logits of every movie for a user who rated `rated`, from trained weights. */
function logitsFrom(
  weights: { name: string; data: Float32Array }[],
  dim: number,
  rated: { index: number; rating: number }[],
  inputTable = RANKING_INPUT,
): Float32Array {
  const table = (name: string) => weights.find((w) => w.name === name)!.data;
  const user = rankingUserVector(table(inputTable), dim, rated);
  const output = table(RANKING_OUTPUT);
  const bias = table(RANKING_BIAS);
  return Float32Array.from(bias, (b, i) => {
    let z = b;
    for (let j = 0; j < dim; j++) z += user[j]! * output[i * dim + j]!;
    return z;
  });
}

beforeAll(() => initBackend());

describe('binaryNdcg', () => {
  const ideal3 = 1 + 1 / Math.log2(3) + 1 / Math.log2(4);

  it('is 1 when the relevant movies lead the list, 0 when none is in it', () => {
    expect(binaryNdcg([4, 7, 1, 9], new Set([4, 7, 1]))).toBeCloseTo(1, 12);
    expect(binaryNdcg([7, 1, 4, 9], new Set([4, 7, 1]))).toBeCloseTo(1, 12);
    expect(binaryNdcg([2, 3, 5], new Set([4, 7]))).toBe(0);
  });

  it('discounts a hit by log2 of its rank + 1, over the ideal of min(k, relevant) hits', () => {
    // Hits at ranks 2 and 4 of 4; three relevant movies, so the ideal is three leading hits.
    expect(binaryNdcg([9, 4, 8, 7], new Set([4, 7, 1]))).toBeCloseTo(
      (1 / Math.log2(3) + 1 / Math.log2(5)) / ideal3,
      12,
    );
    // More relevant movies than the list holds: the ideal fills the whole list.
    expect(binaryNdcg([5, 6], new Set([1, 2, 3, 6]))).toBeCloseTo(
      1 / Math.log2(3) / (1 + 1 / Math.log2(3)),
      12,
    );
  });

  it('is 0 for an empty list or no relevant movie', () => {
    expect(binaryNdcg([], new Set([1]))).toBe(0);
    expect(binaryNdcg([1, 2], new Set())).toBe(0);
  });
});

describe('trainRanking', () => {
  const data = twoGroups(7);
  const progress: RankingEpoch[] = [];
  let result: Awaited<ReturnType<typeof trainRanking>>;

  beforeAll(async () => {
    result = await trainRanking(data, small, 11, (p) => void progress.push(p));
  });

  it('ranks validation movies far better than popularity does', () => {
    const counts = new Float32Array(MOVIES);
    for (const row of data.train) counts[data.movieIndex[row]!]! += 1;
    const popularity = meanValidationNdcg(data, () => counts);
    expect(result.metrics.valNdcg).toBeGreaterThan(popularity + 0.25);
    expect(result.metrics.valNdcg).toBeGreaterThan(0.5);
  });

  it('shows a new group-A user group-A movies, and a group-B user group-B movies', () => {
    const rated = [0, 3, 8, 12, 17].map((index, k) => ({ index, rating: 3 + 0.5 * k }));
    const excluded = new Uint8Array(MOVIES);
    for (const { index } of rated) excluded[index] = 1;
    const top = topKIndices(logitsFrom(result.weights, small.embedDim, rated), 10, excluded);
    expect(Array.from(top, groupOf)).toEqual(Array(10).fill('A'));
    const ratedB = [21, 25, 30].map((index) => ({ index, rating: 4 }));
    const topB = topKIndices(logitsFrom(result.weights, small.embedDim, ratedB), 10);
    expect(Array.from(topB, groupOf)).toEqual(Array(10).fill('B'));
  });

  it('keeps the best epoch and stops `patience` epochs after it', () => {
    const { metrics } = result;
    expect(progress.map((p) => p.epoch)).toEqual(
      Array.from({ length: metrics.epochs }, (_, i) => i + 1),
    );
    expect(progress.every((p) => p.epochs === small.maxEpochs)).toBe(true);
    expect(progress.every((p) => Number.isFinite(p.loss) && p.loss > 0)).toBe(true);
    const best = Math.max(...progress.map((p) => p.valNdcg));
    expect(metrics.valNdcg).toBe(best);
    // The first epoch with the best score is kept (a later tie is not better).
    expect(metrics.bestEpoch).toBe(progress.findIndex((p) => p.valNdcg === best) + 1);
    expect(metrics.bestEpoch).toBeLessThanOrEqual(metrics.epochs);
    // This run stops early (the test would not pin early stopping otherwise).
    expect(metrics.epochs).toBeLessThan(small.maxEpochs);
    expect(metrics.epochs - metrics.bestEpoch).toBe(small.patience);
    expect(metrics.seconds).toBeGreaterThan(0);
  });

  it("returns the kept epoch's weights: they score its validation nDCG", () => {
    const rated = new Map<number, { index: number; rating: number }[]>();
    for (const row of data.train) {
      const u = data.userIndex[row]!;
      if (!rated.has(u)) rated.set(u, []);
      rated.get(u)!.push({ index: data.movieIndex[row]!, rating: data.ratings[row]! });
    }
    const ndcg = meanValidationNdcg(data, (u) =>
      logitsFrom(result.weights, small.embedDim, rated.get(u)!),
    );
    expect(ndcg).toBeCloseTo(result.metrics.valNdcg, 6);
  });

  it('returns the ranking tables with the shapes of the weight layout', () => {
    const config: NcfConfig = { ...DEFAULT_NCF_CONFIG, ranking: small };
    const layout = weightLayout(config, USERS, MOVIES).filter((s) => s.name.startsWith('ranking/'));
    expect(layout.map((s) => s.name)).toEqual([RANKING_INPUT, RANKING_OUTPUT, RANKING_BIAS]);
    expect(result.weights.map((w) => ({ name: w.name, shape: w.shape }))).toEqual(layout);
    for (const w of result.weights) {
      expect(w.data).toBeInstanceOf(Float32Array);
      expect(w.data).toHaveLength(w.shape.reduce((a, b) => a * b, 1));
      expect(w.data.every(Number.isFinite)).toBe(true);
    }
  });
});

describe('trainRanking with the sampled softmax', () => {
  const data = twoGroups(7);
  // Forced on this 40-movie catalogue; 12 draws a batch of 16 users.
  const sampled: RankingConfig = {
    ...small,
    sampledSoftmax: { aboveMovies: 0, negatives: 12, exponent: 0.75 },
  };
  let result: Awaited<ReturnType<typeof trainRanking>>;

  beforeAll(async () => {
    result = await trainRanking(data, sampled, 11);
  });

  it('is used only above its catalogue size', () => {
    expect(usesSampledSoftmax(sampled, MOVIES)).toBe(true);
    const above = {
      ...sampled,
      sampledSoftmax: { ...sampled.sampledSoftmax!, aboveMovies: MOVIES },
    };
    expect(usesSampledSoftmax(above, MOVIES)).toBe(false);
    expect(usesSampledSoftmax(small, 1e9)).toBe(false);
  });

  it('still ranks validation movies far better than popularity does', () => {
    const counts = new Float32Array(MOVIES);
    for (const row of data.train) counts[data.movieIndex[row]!]! += 1;
    const popularity = meanValidationNdcg(data, () => counts);
    expect(result.metrics.valNdcg).toBeGreaterThan(popularity + 0.25);
  });

  it('trains differently from the full softmax, and the same again for the same seed', async () => {
    const full = await trainRanking(data, { ...small, maxEpochs: 2 }, 11);
    const once = await trainRanking(data, { ...sampled, maxEpochs: 2 }, 11);
    const again = await trainRanking(data, { ...sampled, maxEpochs: 2 }, 11);
    expect(again.weights.map((w) => w.data)).toEqual(once.weights.map((w) => w.data));
    expect(once.weights[1]!.data).not.toEqual(full.weights[1]!.data);
  });
});

describe('trainRanking with the sampled softmax and lazy Adam', () => {
  const data = twoGroups(7);
  const sampledSoftmax = { aboveMovies: 0, negatives: 12, exponent: 0.75 };
  const lazy: RankingConfig = { ...small, sampledSoftmax: { ...sampledSoftmax, lazyAdam: true } };

  it('still ranks validation movies far better than popularity does', async () => {
    const { metrics } = await trainRanking(data, lazy, 11);
    const counts = new Float32Array(MOVIES);
    for (const row of data.train) counts[data.movieIndex[row]!]! += 1;
    const popularity = meanValidationNdcg(data, () => counts);
    expect(metrics.valNdcg).toBeGreaterThan(popularity + 0.25);
  });

  it('trains differently from dense Adam, the same again for the same seed, and leaks no tensor', async () => {
    const dense = await trainRanking(data, { ...small, sampledSoftmax, maxEpochs: 2 }, 11);
    const tensors = tf.memory().numTensors;
    const once = await trainRanking(data, { ...lazy, maxEpochs: 2 }, 11);
    expect(tf.memory().numTensors).toBe(tensors);
    const again = await trainRanking(data, { ...lazy, maxEpochs: 2 }, 11);
    expect(again.weights.map((w) => w.data)).toEqual(once.weights.map((w) => w.data));
    expect(once.weights[0]!.data).not.toEqual(dense.weights[0]!.data);
    expect(once.metrics.epochs).toBe(2);
  });

  it('runs minEpochs before patience starts counting', async () => {
    const early = await trainRanking(data, lazy, 11);
    // The plain run stops early, so the floor below is what keeps the other going.
    expect(early.metrics.epochs).toBeLessThan(small.maxEpochs - 5);
    const floor = early.metrics.epochs + 5;
    const held = await trainRanking(
      data,
      { ...lazy, sampledSoftmax: { ...lazy.sampledSoftmax!, minEpochs: floor } },
      11,
    );
    expect(held.metrics.epochs).toBeGreaterThanOrEqual(floor + small.patience);
    expect(held.metrics.valNdcg).toBeGreaterThanOrEqual(early.metrics.valNdcg);
  });

  it('leaves the full softmax as it was: lazyAdam and minEpochs apply to the sampled softmax only', async () => {
    const above = { ...sampledSoftmax, aboveMovies: MOVIES, minEpochs: 5 };
    const plain = await trainRanking(data, { ...small, maxEpochs: 4, patience: 1 }, 11);
    const flagged = await trainRanking(
      data,
      { ...small, maxEpochs: 4, patience: 1, sampledSoftmax: { ...above, lazyAdam: true } },
      11,
    );
    expect(flagged.metrics.epochs).toBe(plain.metrics.epochs);
    expect(flagged.weights.map((w) => w.data)).toEqual(plain.weights.map((w) => w.data));
  });
});

describe('addRankingNetwork', () => {
  it("adds a ranking network over the model's movies, in the model's movie order", async () => {
    const ranking: RankingConfig = { ...small, maxEpochs: 12 };
    const model: NcfArtifact = {
      ...buildRandomArtifact({ users: USERS, movies: MOVIES, seed: 3 }),
      stats: { meanRating: 3.75, valRmse: 0.9 },
    };
    // The data names movies by id; model row i is movie id movieIds[i]. Group A is rows 0-19.
    const groups = twoGroups(5);
    const triples: TrainingTriples = {
      userIds: Int32Array.from(groups.userIndex, (u) => 500 + u),
      movieIds: Int32Array.from(groups.movieIndex, (i) => model.movieIds[i]!),
      ratings: groups.ratings,
    };
    // Rows in a different order, so the first movie seen is not model row 0.
    const order = shuffleInPlace(
      Array.from({ length: triples.ratings.length }, (_, i) => i),
      createRandom(9),
    );
    const shuffled: TrainingTriples = {
      userIds: Int32Array.from(order, (i) => triples.userIds[i]!),
      movieIds: Int32Array.from(order, (i) => triples.movieIds[i]!),
      ratings: Float32Array.from(order, (i) => triples.ratings[i]!),
    };
    const config = { ...model.config, validationFraction: 0.2, seed: 4, ranking };
    const epochs: RankingEpoch[] = [];
    const { artifact, metrics } = await addRankingNetwork(
      model,
      shuffled,
      config,
      (p) => void epochs.push(p),
    );

    expect(artifact.config.ranking).toEqual(ranking);
    expect(artifact.config.ranking).not.toBe(ranking);
    expect(artifact.weights.slice(0, model.weights.length)).toEqual(model.weights);
    expect(artifact.weights.slice(model.weights.length).map((w) => w.name)).toEqual([
      RANKING_INPUT,
      RANKING_OUTPUT,
      RANKING_BIAS,
    ]);
    expect(() => validateArtifact(artifact)).not.toThrow();
    expect(epochs).toHaveLength(metrics.epochs);

    const network = new RankingNetwork(artifact);
    const rated = [1, 6, 11].map((index) => ({ index, rating: 4.5 }));
    const excluded = new Uint8Array(MOVIES);
    for (const { index } of rated) excluded[index] = 1;
    const top = topKIndices(
      network.logits(network.userVector(rated, true), null, MOVIES),
      10,
      excluded,
    );
    expect(Array.from(top, groupOf)).toEqual(Array(10).fill('A'));
  });

  it('rejects data with a movie the model does not have', async () => {
    const model = buildRandomArtifact({ users: 2, movies: 3, seed: 3 });
    const data: TrainingTriples = {
      userIds: Int32Array.of(1, 1, 2),
      movieIds: Int32Array.of(model.movieIds[0]!, 999_999, model.movieIds[1]!),
      ratings: Float32Array.of(4, 3, 5),
    };
    await expect(
      addRankingNetwork(model, data, { ...model.config, ranking: small }),
    ).rejects.toThrow(/movie 999999 is not in the model/);
  });
});

describe.each<[string, RankingConfig]>([
  ['the full softmax', small],
  [
    'the sampled softmax',
    { ...small, sampledSoftmax: { aboveMovies: 0, negatives: 12, exponent: 0.75 } },
  ],
])('trainRanking with newUserFeatures, %s', (_mode, network) => {
  const data = twoGroups(7);
  // Token 0 marks group A, token 1 group B; movies 18-19 and 38-39 have no feature.
  const tokens = 2;
  const weights = new Float32Array(MOVIES * tokens);
  for (let movie = 0; movie < MOVIES; movie++) {
    if (movie % GROUP < GROUP - 2) weights[movie * tokens + (movie < GROUP ? 0 : 1)] = 1;
  }
  const withFeatures: RankingData = { ...data, features: { weights, tokens } };
  const config: RankingConfig = { ...network, newUserFeatures: { epochs: 10, movies: 3 } };
  let plain: Awaited<ReturnType<typeof trainRanking>>;
  let fitted: Awaited<ReturnType<typeof trainRanking>>;
  const passes: NewUserInputPass[] = [];

  beforeAll(async () => {
    plain = await trainRanking(data, network, 11);
    fitted = await trainRanking(withFeatures, config, 11, undefined, (p) => {
      passes.push(p);
    });
  });

  it('reports each pass of the fit, its loss falling', () => {
    expect(passes.map((p) => [p.pass, p.passes])).toEqual(
      Array.from({ length: 10 }, (_, i) => [i + 1, 10]),
    );
    expect(passes.every((p) => Number.isFinite(p.loss) && p.loss > 0)).toBe(true);
    expect(passes.at(-1)!.loss).toBeLessThan(passes[0]!.loss);
  });

  const table = (name: string) => fitted.weights.find((w) => w.name === name)!.data;

  it('leaves the network as trained and adds the new users’ input table', () => {
    expect(fitted.weights.slice(0, 3)).toEqual(plain.weights);
    expect(fitted.metrics.valNdcg).toBe(plain.metrics.valNdcg);
    const layout = weightLayout({ ...DEFAULT_NCF_CONFIG, ranking: config }, USERS, MOVIES);
    expect(fitted.weights.map((w) => ({ name: w.name, shape: w.shape }))).toEqual(
      layout.filter((s) => s.name.startsWith('ranking/')),
    );
    expect(fitted.weights[3]!.name).toBe(RANKING_NEW_USER_INPUT);
  });

  it("adds each feature's vector to the input rows of its movies, and nothing to the others", () => {
    const input = table(RANKING_INPUT);
    const newUsers = table(RANKING_NEW_USER_INPUT);
    const d = small.embedDim;
    const offset = (movie: number) =>
      Array.from({ length: d }, (_, j) => newUsers[movie * d + j]! - input[movie * d + j]!);
    const a = offset(0);
    const b = offset(GROUP);
    expect(a.some((v) => Math.abs(v) > 1e-3)).toBe(true);
    expect(a.some((v, j) => Math.abs(v - b[j]!) > 1e-3)).toBe(true);
    for (let movie = 0; movie < MOVIES; movie++) {
      const expected = movie % GROUP >= GROUP - 2 ? Array(d).fill(0) : movie < GROUP ? a : b;
      offset(movie).forEach((v, j) => expect(v).toBeCloseTo(expected[j]!, 5));
    }
  });

  it("makes the training users' movies likelier than the plain input table does", () => {
    const rated = new Map<number, { index: number; rating: number }[]>();
    for (const row of data.train) {
      const u = data.userIndex[row]!;
      if (!rated.has(u)) rated.set(u, []);
      rated.get(u)!.push({ index: data.movieIndex[row]!, rating: data.ratings[row]! });
    }
    const logLikelihood = (inputName: string) => {
      let total = 0;
      for (const movies of rated.values()) {
        // What a new user shows: two of their movies.
        const shown = movies.slice(0, 2);
        const logits = logitsFrom(fitted.weights, small.embedDim, shown, inputName);
        const max = Math.max(...logits);
        const norm = max + Math.log(logits.reduce((s, z) => s + Math.exp(z - max), 0));
        for (const { index } of movies) total += logits[index]! - norm;
      }
      return total;
    };
    expect(logLikelihood(RANKING_NEW_USER_INPUT)).toBeGreaterThan(logLikelihood(RANKING_INPUT));
  });
});
