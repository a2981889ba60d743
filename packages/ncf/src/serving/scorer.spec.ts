import * as tf from '@tensorflow/tfjs';
import { ArtifactError, type NcfArtifact } from '../format/artifact';
import { initBackend } from '../network/backend';
import { buildNcfModel, writeModelWeights } from '../network/model';
import { createRandom } from '../format/random';
import type { RankingConfig } from '../format/ranking-config';
import { logLikeProbability } from '../network/ranking-network';
import { NOT_INTERESTED_WEIGHT, NcfScorer } from './scorer';
import { buildRandomArtifact } from '../testing/random-artifact';
import { TOP_K_POOL, topKIndices } from './variety';

const artifact = buildRandomArtifact({ users: 12, movies: 80, seed: 5 });
const scorer = NcfScorer.fromArtifact(artifact);
const d = artifact.config.embedDim;
const weight = (name: string) => artifact.weights.find((w) => w.name === name)!.data;
const movieEmbedding = (movieId: number) => {
  const i = artifact.movieIds.indexOf(movieId);
  return Array.from(weight('movie_embedding').subarray(i * d, (i + 1) * d));
};
const userEmbedding = (u: number) => weight('user_embedding').slice(u * d, (u + 1) * d);
const [m0, m1, m2] = artifact.movieIds as [number, number, number];

describe('NcfScorer.scoreAll', () => {
  beforeAll(() => initBackend());

  it('equals the tfjs model on the same weights for every (user, movie) pair', () => {
    const model = buildNcfModel(artifact.config, artifact.userIds.length, artifact.movieIds.length);
    writeModelWeights(model, artifact.config, artifact.weights);
    const users: number[] = [];
    const movies: number[] = [];
    for (let u = 0; u < artifact.userIds.length; u++) {
      for (let m = 0; m < artifact.movieIds.length; m++) {
        users.push(u);
        movies.push(m);
      }
    }
    const expected = tf.tidy(() =>
      (
        model.predict([
          tf.tensor2d(users, [users.length, 1], 'int32'),
          tf.tensor2d(movies, [movies.length, 1], 'int32'),
        ]) as tf.Tensor
      ).dataSync(),
    );
    let maxDiff = 0;
    let spread = 0;
    for (let u = 0; u < artifact.userIds.length; u++) {
      const scores = scorer.scoreAll(userEmbedding(u));
      expect(scores.length).toBe(artifact.movieIds.length);
      for (let m = 0; m < scores.length; m++) {
        const want = expected[u * artifact.movieIds.length + m] as number;
        maxDiff = Math.max(maxDiff, Math.abs((scores[m] as number) - want));
      }
      spread = Math.max(spread, Math.max(...scores) - Math.min(...scores));
    }
    expect(maxDiff).toBeLessThan(1e-4);
    expect(spread).toBeGreaterThan(1); // the comparison covers varied predictions
    model.dispose();
  });

  it('rejects a user vector of the wrong size', () => {
    expect(() => scorer.scoreAll(new Float32Array(d + 1))).toThrow(RangeError);
  });
});

describe('NcfScorer.foldIn', () => {
  it("'average' is the rating-weighted average of the rated movies, ignoring unknown movies", () => {
    const user = scorer.foldIn(
      [
        { movieId: m0, rating: 4 },
        { movieId: m1, rating: 1 },
        { movieId: m2, rating: 2.5 },
        { movieId: 999_999, rating: 5 },
      ],
      'average',
    );
    const [e0, e1, e2] = [movieEmbedding(m0), movieEmbedding(m1), movieEmbedding(m2)];
    expect(user.length).toBe(d);
    user.forEach((v, k) =>
      expect(v).toBeCloseTo((4 * e0[k]! + 1 * e1[k]! + 2.5 * e2[k]!) / 7.5, 6),
    );
  });

  it('falls back to the mean trained user embedding when no rated movie is known', () => {
    const users = artifact.userIds.length;
    const mean = Array.from({ length: d }, (_, k) => {
      let s = 0;
      for (let u = 0; u < users; u++) s += userEmbedding(u)[k]!;
      return s / users;
    });
    for (const ratings of [[], [{ movieId: -5, rating: 3 }]]) {
      for (const method of ['average', 'map'] as const) {
        const user = scorer.foldIn(ratings, method);
        user.forEach((v, k) => expect(v).toBeCloseTo(mean[k]!, 6));
      }
    }
  });

  it('rejects NaN and out-of-range ratings, with either method', () => {
    for (const method of ['average', 'map'] as const) {
      for (const rating of [NaN, 0, 5.5]) {
        expect(() => scorer.foldIn([{ movieId: m0, rating }], method)).toThrow(RangeError);
      }
    }
  });

  it("uses 'map' by default, and recommend() folds in with the method asked for", () => {
    const ratings = [
      { movieId: m0, rating: 5 },
      { movieId: m1, rating: 1 },
    ];
    expect(scorer.foldInMethod).toBe('map');
    expect(Array.from(scorer.foldIn(ratings))).toEqual(Array.from(scorer.foldIn(ratings, 'map')));
    expect(Array.from(scorer.foldIn(ratings, 'map'))).not.toEqual(
      Array.from(scorer.foldIn(ratings, 'average')),
    );
    const pick = (foldIn: 'map' | 'average') =>
      scorer.recommend({ ratings, excludeMovieIds: [], count: 30, random: () => 0.5, foldIn });
    const scoresOf = (foldIn: 'map' | 'average') => scorer.scoreAll(scorer.foldIn(ratings, foldIn));
    for (const method of ['map', 'average'] as const) {
      const scores = scoresOf(method);
      for (const item of pick(method)) {
        expect(item.predictedRating).toBe(scores[artifact.movieIds.indexOf(item.movieId)]);
      }
    }
  });
});

describe('NcfScorer.recommend (variety step)', () => {
  const ratings = [
    { movieId: m0, rating: 5 },
    { movieId: m1, rating: 3.5 },
  ];
  const excludeMovieIds = [artifact.movieIds[5]!, artifact.movieIds[6]!];

  /** The top TOP_K_POOL movies by full sort, rated and excluded ones removed. */
  function expectedPool(): Set<number> {
    const scores = scorer.scoreAll(scorer.foldIn(ratings));
    const banned = new Set([...ratings.map((r) => r.movieId), ...excludeMovieIds]);
    return new Set(
      artifact.movieIds
        .map((id, i) => ({ id, score: scores[i]! }))
        .filter((x) => !banned.has(x.id))
        .sort((a, b) => b.score - a.score)
        .slice(0, TOP_K_POOL)
        .map((x) => x.id),
    );
  }

  it('returns `count` movies from the top pool, never rated or excluded ones, with their scores', () => {
    const pool = expectedPool();
    const scores = scorer.scoreAll(scorer.foldIn(ratings));
    const picks = scorer.recommend({
      ratings,
      excludeMovieIds,
      count: 10,
      random: createRandom(1),
    });
    expect(picks).toHaveLength(10);
    expect(new Set(picks.map((p) => p.movieId)).size).toBe(10);
    for (const p of picks) {
      expect(pool.has(p.movieId)).toBe(true);
      expect(p.predictedRating).toBe(scores[artifact.movieIds.indexOf(p.movieId)]);
    }
  });

  it('varies with the random source and repeats with the same one', () => {
    const run = (seed: number) =>
      scorer
        .recommend({ ratings, excludeMovieIds, count: 10, random: createRandom(seed) })
        .map((p) => p.movieId);
    expect(run(1)).toEqual(run(1));
    expect(run(2)).not.toEqual(run(1));
    const seen = new Set<number>();
    for (let seed = 0; seed < 30; seed++) run(seed).forEach((id) => seen.add(id));
    expect(seen.size).toBeGreaterThan(10); // more of the pool than one answer shows
    expect([...seen].every((id) => expectedPool().has(id))).toBe(true);
  });

  it('uses Math.random by default', () => {
    expect(scorer.recommend({ ratings, excludeMovieIds, count: 3 })).toHaveLength(3);
  });

  it('returns every remaining movie when fewer than `count` are left', () => {
    const small = NcfScorer.fromArtifact(buildRandomArtifact({ users: 3, movies: 6, seed: 9 }));
    const [a, b, c] = small.movieIds as [number, number, number];
    const picks = small.recommend({
      ratings: [{ movieId: a, rating: 4 }],
      excludeMovieIds: [b, c, 123456],
      count: 10,
    });
    expect(picks.map((p) => p.movieId).sort()).toEqual(small.movieIds.slice(3).sort());
  });

  it('rejects a bad count', () => {
    expect(() => scorer.recommend({ ratings, excludeMovieIds, count: 1.5 })).toThrow(RangeError);
  });

  it('leaves out movies with fewer training ratings than minRatings, unless too few would remain', () => {
    // Movie i has i ratings: with minRatings 40, movies 0..39 are too rarely rated.
    const counts = artifact.movieIds.map((_, i) => i);
    const withStats = {
      ...artifact,
      stats: { meanRating: 3.5, valRmse: 0.9, movieRatingCounts: counts },
    };
    const filtered = NcfScorer.fromArtifact(withStats, { minRatings: 40 });
    expect(filtered.regularMovieCount).toBe(40);
    const picked = new Set<number>();
    for (let seed = 0; seed < 20; seed++) {
      filtered
        .recommend({ ratings, excludeMovieIds, count: 10, random: createRandom(seed) })
        .forEach((p) => picked.add(artifact.movieIds.indexOf(p.movieId)));
    }
    expect(picked.size).toBeGreaterThan(10);
    expect([...picked].every((i) => counts[i]! >= 40)).toBe(true);
    // Without the threshold the top pool holds rarely rated movies too (random weights).
    const unfiltered = NcfScorer.fromArtifact(withStats)
      .recommend({ ratings, excludeMovieIds, count: 30, random: createRandom(1) })
      .map((p) => artifact.movieIds.indexOf(p.movieId));
    expect(unfiltered.some((i) => counts[i]! < 40)).toBe(true);
    // 75 of 80 movies below the threshold leaves fewer than the pool of 30: no movie is left out.
    const tooStrict = NcfScorer.fromArtifact(withStats, { minRatings: 75 })
      .recommend({ ratings, excludeMovieIds, count: 30, random: createRandom(1) })
      .map((p) => artifact.movieIds.indexOf(p.movieId));
    expect(tooStrict.some((i) => counts[i]! < 75)).toBe(true);
    // Rated and excluded movies can push the regular ones under the pool: then every movie counts.
    const regularIds = artifact.movieIds.filter((_, i) => counts[i]! >= 40);
    const mostRegularRated = regularIds.slice(0, 15).map((movieId) => ({ movieId, rating: 4 }));
    const fallback = filtered
      .recommend({
        ratings: mostRegularRated,
        excludeMovieIds: [],
        count: 30,
        random: createRandom(1),
      })
      .map((p) => artifact.movieIds.indexOf(p.movieId));
    expect(fallback).toHaveLength(30);
    expect(fallback.some((i) => counts[i]! < 40)).toBe(true);
    // An artifact without counts ignores the threshold.
    expect(
      NcfScorer.fromArtifact(artifact, { minRatings: 40 })
        .recommend({ ratings, excludeMovieIds, count: 30, random: createRandom(1) })
        .map((p) => p.movieId),
    ).toEqual(
      scorer
        .recommend({ ratings, excludeMovieIds, count: 30, random: createRandom(1) })
        .map((p) => p.movieId),
    );
  });

  it.each(['js', 'tensor'] as const)(
    'scores only the regular movies with the %s engine, with the same scores and picks as scoring all',
    (engine) => {
      initBackend();
      const counts = artifact.movieIds.map((_, i) => (i * 37) % 80);
      const withStats = {
        ...artifact,
        stats: { meanRating: 3.5, valRmse: 0.9, movieRatingCounts: counts },
      };
      const all = NcfScorer.fromArtifact(withStats, { engine });
      const regular = NcfScorer.fromArtifact(withStats, { engine, minRatings: 30 });
      const request = { ratings, excludeMovieIds, count: 30 };
      // The same pick as scoring every movie and masking the rare ones afterwards.
      const scores = all.scoreAll(all.foldIn(ratings));
      const masked = Uint8Array.from(counts, (c) => (c < 30 ? 1 : 0));
      for (const id of [...excludeMovieIds, ...ratings.map((r) => r.movieId)]) {
        masked[artifact.movieIds.indexOf(id)] = 1;
      }
      const expected = Array.from(topKIndices(scores, 30, masked), (i) => artifact.movieIds[i]);
      const picks = regular.recommend({ ...request, random: createRandom(3) });
      expect(picks.map((p) => p.movieId).sort()).toEqual([...expected].sort());
      for (const p of picks) {
        const i = artifact.movieIds.indexOf(p.movieId);
        expect(p.predictedRating).toBeCloseTo(scores[i]!, 5);
      }
      all.dispose();
      regular.dispose();
    },
  );

  it('rejects a minRatings that is not a non-negative integer', () => {
    expect(() => NcfScorer.fromArtifact(artifact, { minRatings: -1 })).toThrow(RangeError);
    expect(() => NcfScorer.fromArtifact(artifact, { minRatings: 2.5 })).toThrow(RangeError);
  });
});

describe('NcfScorer.recommend with allowed movies (filters)', () => {
  const ratings = [{ movieId: m0, rating: 4.5 }];
  /** Every third movie passes the "filter": 26 of the 80 movies, fewer than the pool. */
  const allowed = Uint8Array.from(artifact.movieIds, (_, i) => (i % 3 === 1 ? 1 : 0));
  const passing = new Set(artifact.movieIds.filter((_, i) => allowed[i] === 1));

  it('ranks only the allowed movies, from all of them, and still fills the list', () => {
    const scores = scorer.scoreAll(scorer.foldIn(ratings));
    const expected = artifact.movieIds
      .map((id, i) => ({ id, score: scores[i]! }))
      .filter((x) => passing.has(x.id) && x.id !== m0)
      .sort((a, b) => b.score - a.score)
      .slice(0, 10)
      .map((x) => x.id);
    expect(
      scorer.top({ ratings, excludeMovieIds: [], allowed, count: 10 }).map((t) => t.movieId),
    ).toEqual(expected);
    const shown = scorer.recommend({
      ratings,
      excludeMovieIds: [],
      allowed,
      count: 10,
      random: createRandom(3),
    });
    expect(shown).toHaveLength(10);
    for (const s of shown) expect(passing.has(s.movieId)).toBe(true);
  });

  it('never recommends a movie marked not interested, without a ranking network too', () => {
    const first = scorer.top({ ratings, excludeMovieIds: [], count: 3 }).map((t) => t.movieId);
    const again = scorer
      .top({ ratings, excludeMovieIds: [], notInterestedMovieIds: first, count: 30 })
      .map((t) => t.movieId);
    for (const id of first) expect(again).not.toContain(id);
  });

  it('rejects a mask of the wrong length', () => {
    expect(() =>
      scorer.top({ ratings, excludeMovieIds: [], allowed: new Uint8Array(3), count: 5 }),
    ).toThrow(/allowed must have 80 values/);
  });
});

describe('NcfScorer.top', () => {
  const ratings = [
    { movieId: m0, rating: 5 },
    { movieId: m1, rating: 2 },
  ];
  const excludeMovieIds = [artifact.movieIds[7]!, artifact.movieIds[8]!];

  it('returns the best `count` movies, best first, never rated or excluded ones', () => {
    const scores = scorer.scoreAll(scorer.foldIn(ratings));
    const banned = new Set([...ratings.map((r) => r.movieId), ...excludeMovieIds]);
    const expected = artifact.movieIds
      .map((id, i) => ({ id, score: scores[i]! }))
      .filter((x) => !banned.has(x.id))
      .sort((a, b) => b.score - a.score)
      .slice(0, 12);
    const top = scorer.top({ ratings, excludeMovieIds, count: 12 });
    expect(top.map((t) => t.movieId)).toEqual(expected.map((x) => x.id));
    top.slice(1).forEach((t, i) => {
      expect(t.predictedRating).toBeLessThanOrEqual(top[i]!.predictedRating);
    });
    expect(top.some((t) => banned.has(t.movieId))).toBe(false);
  });

  it("holds every movie recommend() may show when count is the pool's size", () => {
    const pool = new Set(
      scorer.top({ ratings, excludeMovieIds, count: TOP_K_POOL }).map((t) => t.movieId),
    );
    expect(pool.size).toBe(TOP_K_POOL);
    for (let seed = 0; seed < 10; seed++) {
      const shown = scorer.recommend({
        ratings,
        excludeMovieIds,
        count: 10,
        random: createRandom(seed),
      });
      expect(shown.every((s) => pool.has(s.movieId))).toBe(true);
    }
  });
});

describe('NcfScorer.fromArtifact', () => {
  it('validates the artifact', () => {
    const broken = { ...artifact, weights: artifact.weights.slice(1) };
    expect(() => NcfScorer.fromArtifact(broken)).toThrow(ArtifactError);
  });
});

describe('topKIndices', () => {
  it('matches a full sort (ties by lower index), skipping excluded entries', () => {
    const random = createRandom(4);
    const scores = Float32Array.from({ length: 500 }, () => Math.round(random() * 50) / 10);
    const excluded = Uint8Array.from({ length: 500 }, () => (random() < 0.2 ? 1 : 0));
    const expected = Array.from(scores, (s, i) => ({ s, i }))
      .filter(({ i }) => excluded[i] === 0)
      .sort((a, b) => b.s - a.s || a.i - b.i)
      .slice(0, 30)
      .map(({ i }) => i);
    expect(Array.from(topKIndices(scores, 30, excluded))).toEqual(expected);
    expect(topKIndices(scores, 0)).toHaveLength(0);
    expect(topKIndices(scores.subarray(0, 5), 30)).toHaveLength(5);
  });
});

describe('NcfScorer.scoreAt', () => {
  beforeAll(() => initBackend());

  it.each(['js', 'tensor'] as const)(
    "gives the %s engine's scores of just the movies asked for, in their order",
    (engine) => {
      const engineScorer = NcfScorer.fromArtifact(artifact, { engine });
      const user = engineScorer.foldIn([{ movieId: m0, rating: 4.5 }]);
      const all = engineScorer.scoreAll(user);
      const indices = Int32Array.of(17, 2, 79, 2);
      const some = engineScorer.scoreAt(user, indices);
      expect(some).toHaveLength(4);
      indices.forEach((i, k) => expect(some[k]).toBeCloseTo(all[i]!, 5));
      engineScorer.dispose();
    },
  );
});

describe('NcfScorer with a new-user stack', () => {
  beforeAll(() => initBackend());
  const movies = artifact.movieIds.length;
  // Movie i: i * 37 % 80 ratings, mean rating spread over [1, 4.95]; no neighbours.
  const counts = artifact.movieIds.map((_, i) => (i * 37) % 80);
  const movieMeans = artifact.movieIds.map((_, i) => 1 + (((i * 53) % 80) / 80) * 3.95);
  const withStack = (weights: number[]): NcfArtifact => ({
    ...artifact,
    stats: { meanRating: 3.5, valRmse: 0.9, movieRatingCounts: counts },
    reasonNeighbours: {
      offsets: new Int32Array(movies + 1),
      neighbours: new Int32Array(0),
      similarities: new Float32Array(0),
    },
    newUserStack: {
      foldIn: 'map',
      lambda: 2,
      bucketEdges: [0, 10],
      weights: [weights, weights],
      itemMeans: movieMeans,
    },
  });
  const rated = [
    { movieId: artifact.movieIds[3]!, rating: 5 },
    { movieId: artifact.movieIds[7]!, rating: 4 },
    { movieId: 999_999, rating: 1 }, // unknown to the model: ignored
  ];
  // userOffset with lambda 2 over the two known movies.
  const offset = (5 - movieMeans[3]! + (4 - movieMeans[7]!)) / (2 + 2);

  it("predicts with the stack's weights: all on userOffset gives item mean plus offset", () => {
    const onOffset = NcfScorer.fromArtifact(withStack([0, 0, 1, 0]));
    const predicted = onOffset.predictNewUser(rated);
    movieMeans.forEach((m, i) =>
      expect(predicted[i]).toBeCloseTo(Math.min(5, Math.max(0.5, m + offset)), 5),
    );
    // All on the network: its own scores.
    const onNetwork = NcfScorer.fromArtifact(withStack([0, 1, 0, 0]));
    const plain = onNetwork.scoreAll(onNetwork.foldIn(rated));
    expect(Array.from(onNetwork.predictNewUser(rated))).toEqual(Array.from(plain));
    onOffset.dispose();
    onNetwork.dispose();
  });

  it('predicts chosen films as predictNewUser does, null for a film the model does not know', () => {
    const stacked = NcfScorer.fromArtifact(withStack([0, 0, 1, 0]));
    const all = stacked.predictNewUser(rated);
    const ids = [artifact.movieIds[5]!, 999_998, artifact.movieIds[0]!];
    const chosen = stacked.predictRatings(rated, ids);
    expect(chosen[0]).toBeCloseTo(all[5]!, 5);
    expect(chosen[1]).toBeNull();
    expect(chosen[2]).toBeCloseTo(all[0]!, 5);
    stacked.dispose();
  });

  it.each(['js', 'tensor'] as const)(
    'recommends by the stacked scores with the %s engine, regular movies only or all',
    (engine) => {
      for (const minRatings of [0, 30]) {
        const stacked = NcfScorer.fromArtifact(withStack([0, 0, 1, 0]), { engine, minRatings });
        const predicted = stacked.predictNewUser(rated);
        const picks = stacked.recommend({ ratings: rated, excludeMovieIds: [], count: 30 });
        // The pool is the 30 best by item mean among the movies it may pick.
        const eligible = artifact.movieIds
          .map((_, i) => i)
          .filter((i) => counts[i]! >= minRatings && i !== 3 && i !== 7)
          .sort((a, b) => movieMeans[b]! - movieMeans[a]!);
        const pickedIndices = picks.map((p) => artifact.movieIds.indexOf(p.movieId));
        expect(pickedIndices.sort((a, b) => a - b)).toEqual(
          eligible.slice(0, 30).sort((a, b) => a - b),
        );
        for (const p of picks) {
          const i = artifact.movieIds.indexOf(p.movieId);
          expect(p.predictedRating).toBeCloseTo(predicted[i]!, 5);
        }
        stacked.dispose();
      }
    },
  );

  it('leaves a fold-in other than the one it was fitted on uncorrected', () => {
    const stacked = NcfScorer.fromArtifact(withStack([0, 0, 1, 0]));
    expect(stacked.hasNewUserStack('map')).toBe(true);
    expect(stacked.hasNewUserStack('average')).toBe(false);
    const plain = stacked.scoreAll(stacked.foldIn(rated, 'average'));
    expect(Array.from(stacked.predictNewUser(rated, 'average'))).toEqual(Array.from(plain));
    const pick = stacked.recommend({
      ratings: rated,
      excludeMovieIds: [],
      count: 1,
      foldIn: 'average',
    });
    expect(pick[0]!.predictedRating).toBeCloseTo(
      plain[artifact.movieIds.indexOf(pick[0]!.movieId)]!,
      6,
    );
    stacked.dispose();
  });
});

describe('NcfScorer with a ranking network', () => {
  beforeAll(() => initBackend());
  const movies = artifact.movieIds.length;
  const rankingConfig: RankingConfig = {
    embedDim: 4,
    inputDropout: 0.5,
    l2: 0.001,
    learningRate: 0.005,
    batchSize: 128,
    maxEpochs: 40,
    patience: 3,
  };
  // The same seed as `artifact`: the same rating network, since the ranking tables come last.
  const random = buildRandomArtifact({
    users: 12,
    movies: 80,
    seed: 5,
    config: { ranking: rankingConfig },
  });
  const counts = artifact.movieIds.map((_, i) => (i * 37) % 80);
  const withRanking = (
    noise: number,
    tables?: Partial<Record<'input' | 'output' | 'bias', Float32Array>>,
  ): NcfArtifact => ({
    ...random,
    stats: { meanRating: 3.5, valRmse: noise, movieRatingCounts: counts },
    weights: random.weights.map((w) => {
      const table = tables?.[w.name.replace('ranking/', '') as 'input' | 'output' | 'bias'];
      return w.name.startsWith('ranking/') && table ? { ...w, data: table } : w;
    }),
  });
  const ratings = [
    { movieId: m0, rating: 5 },
    { movieId: m2, rating: 1.5 },
    { movieId: artifact.movieIds[40]!, rating: 4 },
    { movieId: 999_999, rating: 3 }, // unknown to the model: ignored
  ];
  const excludeMovieIds = [artifact.movieIds[9]!, artifact.movieIds[10]!];
  const banned = new Set([...ratings.map((r) => r.movieId), ...excludeMovieIds]);
  const stars = scorer.scoreAll(scorer.foldIn(ratings));

  /** Movies by ranking logit + log P(liked | stars), computed apart from the scorer. */
  function expectedTop(
    ranked: NcfArtifact,
    count: number,
    minRatings = 0,
    notInterested: number[] = [],
    inputTable = 'ranking/input',
  ): number[] {
    const table = (name: string) => ranked.weights.find((w) => w.name === name)!.data;
    const [input, output, bias] = [
      table(inputTable),
      table('ranking/output'),
      table('ranking/bias'),
    ];
    const r = rankingConfig.embedDim;
    const sum = new Array<number>(r).fill(0);
    let squares = 0;
    const dismissed = notInterested.map((movieId) => ({
      movieId,
      rating: -NOT_INTERESTED_WEIGHT,
    }));
    for (const { movieId, rating } of [...ratings, ...dismissed]) {
      const i = ranked.movieIds.indexOf(movieId);
      if (i < 0) continue;
      squares += rating * rating;
      for (let j = 0; j < r; j++) sum[j] = sum[j]! + rating * input[i * r + j]!;
    }
    const user = sum.map((s) => Math.tanh(s / Math.sqrt(squares)));
    const noise = ranked.stats!.valRmse;
    return ranked.movieIds
      .map((id, i) => {
        let logit = bias[i]!;
        for (let j = 0; j < r; j++) logit += user[j]! * output[i * r + j]!;
        return { id, i, score: logit + logLikeProbability(stars[i]!, noise) };
      })
      .filter(
        (x) => !banned.has(x.id) && !notInterested.includes(x.id) && counts[x.i]! >= minRatings,
      )
      .sort((a, b) => b.score - a.score)
      .slice(0, count)
      .map((x) => x.id);
  }

  it('has the rating network of the artifact without one', () => {
    expect(random.weights.slice(0, artifact.weights.length)).toEqual(artifact.weights);
  });

  it("puts first a movie the ranking favours, though the stars rank it last, with the rating network's stars", () => {
    const candidates = artifact.movieIds
      .map((id, i) => ({ id, i }))
      .filter((x) => !banned.has(x.id));
    const lowest = candidates.reduce((a, b) => (stars[b.i]! < stars[a.i]! ? b : a));
    const bias = new Float32Array(movies);
    bias[lowest.i] = 40;
    const zeros = new Float32Array(movies * rankingConfig.embedDim);
    const ranked = NcfScorer.fromArtifact(withRanking(0.9, { input: zeros, output: zeros, bias }), {
      engine: 'js',
    });
    const top = ranked.top({ ratings, excludeMovieIds, count: 12 });
    expect(top[0]).toEqual({ movieId: lowest.id, predictedRating: stars[lowest.i] });
    // Every other movie has the same logit: the rest are in star order.
    const byStars = scorer
      .top({ ratings, excludeMovieIds, count: 11 })
      .filter((t) => t.movieId !== lowest.id);
    expect(top.slice(1)).toEqual(byStars.slice(0, 11));
    for (const t of top) {
      expect(t.predictedRating).toBe(stars[artifact.movieIds.indexOf(t.movieId)]);
    }
    expect(Array.from(ranked.scoreAll(ranked.foldIn(ratings)))).toEqual(Array.from(stars));
  });

  it.each(['js', 'tensor'] as const)(
    'orders by ranking logit + log P(liked | stars) with the %s engine, regular movies only or all',
    (engine) => {
      for (const noise of [0.9, 0.3]) {
        for (const minRatings of [0, 30]) {
          const ranked = withRanking(noise);
          const rankedScorer = NcfScorer.fromArtifact(ranked, { engine, minRatings });
          const top = rankedScorer.top({ ratings, excludeMovieIds, count: 15 });
          expect(top.map((t) => t.movieId)).toEqual(expectedTop(ranked, 15, minRatings));
          for (const t of top) {
            const i = artifact.movieIds.indexOf(t.movieId);
            expect(t.predictedRating).toBeCloseTo(stars[i]!, 5);
          }
          rankedScorer.dispose();
        }
      }
      // The ranking network changes the order: not the stars' order.
      const byStars = scorer.top({ ratings, excludeMovieIds, count: 15 }).map((t) => t.movieId);
      expect(expectedTop(withRanking(0.9), 15)).not.toEqual(byStars);
    },
  );

  it('gives the same pool and stars on both engines when only some movies need stars', () => {
    // 900 movies: the pool's 30 are few enough that the tensor engine computes their stars (and
    // those of the movies whose logit clears the pool's bar) in loops, not for every movie.
    const large = buildRandomArtifact({
      users: 12,
      movies: 900,
      seed: 8,
      config: { ranking: rankingConfig },
    });
    const model: NcfArtifact = { ...large, stats: { meanRating: 3.5, valRmse: 0.8 } };
    const rated = [0, 5, 17, 300, 640].map((i, n) => ({
      movieId: model.movieIds[i]!,
      rating: n % 2 ? 4.5 : 2,
    }));
    const byJs = NcfScorer.fromArtifact(model, { engine: 'js' });
    const byTensor = NcfScorer.fromArtifact(model, { engine: 'tensor' });
    const allStars = byTensor.scoreAll(byTensor.foldIn(rated));
    const fromJs = byJs.top({ ratings: rated, excludeMovieIds: [], count: TOP_K_POOL });
    const fromTensor = byTensor.top({ ratings: rated, excludeMovieIds: [], count: TOP_K_POOL });
    expect(fromTensor.map((t) => t.movieId)).toEqual(fromJs.map((t) => t.movieId));
    for (const t of fromTensor) {
      expect(t.predictedRating).toBeCloseTo(allStars[model.movieIds.indexOf(t.movieId)]!, 4);
    }
    byJs.dispose();
    byTensor.dispose();
  });

  it('never ranks a movie marked not interested, and turns the user vector away from it', () => {
    const ranked = withRanking(0.9);
    const rankedScorer = NcfScorer.fromArtifact(ranked, { engine: 'js' });
    const before = expectedTop(ranked, 10);
    const dismissed = before.slice(0, 2);
    const top = rankedScorer.top({
      ratings,
      excludeMovieIds,
      notInterestedMovieIds: dismissed,
      count: 10,
    });
    const ids = top.map((t) => t.movieId);
    expect(ids).toEqual(expectedTop(ranked, 10, 0, dismissed));
    for (const id of dismissed) expect(ids).not.toContain(id);
    // Not merely left out: the user's vector changed, so the rest of the order may too.
    const excludedOnly = rankedScorer.top({
      ratings,
      excludeMovieIds: [...excludeMovieIds, ...dismissed],
      count: 10,
    });
    expect(excludedOnly.map((t) => t.movieId)).toEqual(
      expectedTop(ranked, 12).filter((id) => !dismissed.includes(id)),
    );
    rankedScorer.dispose();
  });

  it.each(['js', 'tensor'] as const)(
    "ranks users the model was not trained on with the new users' input table (%s engine)",
    (engine) => {
      const withNewUsers = buildRandomArtifact({
        users: 12,
        movies: 80,
        seed: 5,
        config: { ranking: { ...rankingConfig, newUserFeatures: { epochs: 1, movies: 10 } } },
      });
      const model: NcfArtifact = {
        ...withNewUsers,
        stats: { meanRating: 3.5, valRmse: 0.9, movieRatingCounts: counts },
      };
      expect(model.weights.slice(0, artifact.weights.length)).toEqual(artifact.weights);
      const trainedUser = model.userIds[3]!;
      const rankedScorer = NcfScorer.fromArtifact(model, { engine });
      const topOf = (userId?: number) =>
        rankedScorer
          .top({ ...(userId === undefined ? {} : { userId }), ratings, excludeMovieIds, count: 10 })
          .map((t) => t.movieId);
      const plain = expectedTop(model, 10);
      const forNewUsers = expectedTop(model, 10, 0, [], 'ranking/new_user_input');
      expect(forNewUsers).not.toEqual(plain);
      expect(rankedScorer.isTrainedUser(trainedUser)).toBe(true);
      expect(topOf(trainedUser)).toEqual(plain);
      for (const userId of [undefined, 999_999]) expect(topOf(userId)).toEqual(forNewUsers);
      rankedScorer.dispose();
    },
  );

  it("recommends from the ranking's pool", () => {
    const rankedScorer = NcfScorer.fromArtifact(withRanking(0.9), { engine: 'js' });
    const pool = new Set(expectedTop(withRanking(0.9), TOP_K_POOL));
    for (let seed = 0; seed < 5; seed++) {
      const shown = rankedScorer.recommend({
        ratings,
        excludeMovieIds,
        count: 10,
        random: createRandom(seed),
      });
      expect(shown).toHaveLength(10);
      for (const s of shown) {
        expect(pool.has(s.movieId)).toBe(true);
        expect(s.predictedRating).toBe(stars[artifact.movieIds.indexOf(s.movieId)]);
      }
    }
  });
});
