import { z } from 'zod';
import { ratingBody, recommendationsQuery, sampleQuery, skipBody, movieIdParam } from './api';
import { isFiltering, matchesFilter } from './movies';
import { ConfigError, loadConfig, port, redisOptionsFromUrl } from './env';
import { jobFailureCode, jobFailureMessage, modelMetrics, recommendJobData } from './jobs';
import { mulberry32 } from './random';

describe('rating validation', () => {
  it.each([0.5, 1, 2.5, 4.5, 5])('accepts %p', (rating) => {
    expect(ratingBody.parse({ rating })).toEqual({ rating });
  });

  it.each([
    [0, 'at least 0.5'],
    [5.5, 'at most 5'],
    [3.3, 'multiple of 0.5'],
    [Number.NaN, 'number'],
    ['4', 'number'],
    [null, 'number'],
  ])('rejects %p with a message naming the rule', (rating, message) => {
    const r = ratingBody.safeParse({ rating });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.message).join(' ')).toContain(message);
  });

  it('rejects unknown fields', () => {
    expect(ratingBody.safeParse({ rating: 4, userId: 3 }).success).toBe(false);
  });
});

describe('query and path parameters', () => {
  it('defaults and bounds count', () => {
    expect(sampleQuery.parse({})).toEqual({ count: 12 });
    expect(recommendationsQuery.parse({ count: '7' })).toEqual({ count: 7 });
    expect(recommendationsQuery.safeParse({ count: '31' }).success).toBe(false);
    expect(sampleQuery.safeParse({ count: 'lots' }).success).toBe(false);
    expect(sampleQuery.safeParse({ count: '2.5' }).success).toBe(false);
  });

  it('takes positive integer movie ids only', () => {
    expect(movieIdParam.parse('42')).toBe(42);
    for (const bad of ['0', '-1', '1.5', 'abc', '99999999999']) {
      expect(movieIdParam.safeParse(bad).success).toBe(false);
    }
    expect(skipBody.safeParse({ movieId: '3' }).success).toBe(false);
    expect(skipBody.safeParse({ movieId: 2_147_483_648 }).success).toBe(false);
  });

  it('reads path and query numbers in plain decimal only, not as Number() would', () => {
    for (const bad of ['0x10', '1e3', ' 16', '16 ', '+16', '016', '', '16abc']) {
      expect([bad, movieIdParam.safeParse(bad).error?.issues[0]?.message]).toEqual([
        bad,
        'movieId must be a number',
      ]);
      expect(sampleQuery.safeParse({ count: bad }).success).toBe(false);
    }
    expect(sampleQuery.safeParse({ count: ['1', '2'] }).error?.issues[0]?.message).toBe(
      'count must be a number',
    );
  });
});

describe('recommend job payload', () => {
  it('rejects ratings outside the star scale', () => {
    const base = { requestId: 'r', userId: '1', excludeMovieIds: [], count: 5 };
    expect(
      recommendJobData.safeParse({ ...base, ratings: [{ movieId: 1, rating: 4 }] }).success,
    ).toBe(true);
    expect(
      recommendJobData.safeParse({ ...base, ratings: [{ movieId: 1, rating: 9 }] }).success,
    ).toBe(false);
  });
});

describe('job failure codes', () => {
  it('reads back the code a refusal was written with, and nothing from other failures', () => {
    expect(jobFailureCode(jobFailureMessage('NO_MODEL', 'no model is loaded yet'))).toBe(
      'NO_MODEL',
    );
    expect(jobFailureCode(jobFailureMessage('INVALID_JOB', 'count: too big'))).toBe('INVALID_JOB');
    expect(jobFailureCode('TypeError: x is undefined')).toBeNull();
    expect(jobFailureCode('NO_MODELS: not ours')).toBeNull();
  });
});

describe('model metrics', () => {
  const base = {
    valRmse: 0.87,
    trainLoss: 0.7,
    epochs: 12,
    trainSeconds: 80,
    backend: 'wasm',
    ratings: 100_000,
    users: 600,
    movies: 9_000,
  };
  const olderNewUser = { users: 50, given: 10, predicted: 4_000, rmse: 0.93 };

  it('reads the metrics of versions registered before the top-10 and ranking figures', () => {
    expect(modelMetrics.parse(base)).toEqual(base);
    const older = { ...base, newUser: olderNewUser };
    expect(modelMetrics.parse(older)).toEqual(older);
  });

  it('keeps the held-out users top-10 figures and the ranking network figures', () => {
    const metrics = {
      ...base,
      newUser: {
        ...olderNewUser,
        ndcg10: 0.31,
        ndcg10Liked: 0.28,
        likedUsers: 48,
        precision10: 0.25,
      },
      ranking: { valNdcg: 0.3, bestEpoch: 9, epochs: 12, seconds: 30.5 },
    };
    expect(modelMetrics.parse(metrics)).toEqual(metrics);
    // Without any liked hidden movie there is no liked figure.
    const { ndcg10Liked: _, ...noLiked } = metrics.newUser;
    expect(modelMetrics.parse({ ...base, newUser: { ...noLiked, likedUsers: 0 } }).newUser).toEqual(
      { ...noLiked, likedUsers: 0 },
    );
  });

  it('rejects ranking figures without whole 1-based epochs or the nDCG', () => {
    const ranking = { valNdcg: 0.3, bestEpoch: 0, epochs: 12, seconds: 1 };
    expect(modelMetrics.safeParse({ ...base, ranking }).success).toBe(false);
    expect(
      modelMetrics.safeParse({ ...base, ranking: { ...ranking, bestEpoch: 1.5 } }).success,
    ).toBe(false);
    const { valNdcg: _, ...noNdcg } = ranking;
    expect(modelMetrics.safeParse({ ...base, ranking: { ...noNdcg, bestEpoch: 1 } }).success).toBe(
      false,
    );
  });
});

describe('loadConfig', () => {
  const schema = z.object({ PORT: port(4000), NAME: z.string().min(1), URL: z.url() });

  it('applies defaults and coerces', () => {
    expect(loadConfig(schema, { NAME: 'x', URL: 'http://a', PORT: '81' })).toEqual({
      PORT: 81,
      NAME: 'x',
      URL: 'http://a',
    });
  });

  it('lists every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig(schema, { PORT: '99999', URL: 'not a url' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/PORT/);
    expect(problems.join('\n')).toMatch(/NAME/);
    expect(problems.join('\n')).toMatch(/URL/);
  });
});

describe('redisOptionsFromUrl', () => {
  it('reads host, port, credentials and db', () => {
    expect(redisOptionsFromUrl('redis://user:p%40ss@cache:6380/2')).toEqual({
      host: 'cache',
      port: 6380,
      username: 'user',
      password: 'p@ss',
      db: 2,
    });
    expect(redisOptionsFromUrl('redis://127.0.0.1:6379')).toEqual({
      host: '127.0.0.1',
      port: 6379,
      db: 0,
    });
  });
});

describe('mulberry32', () => {
  it('keeps its seeded sequence bit for bit (seeded models and synthetic data depend on it)', () => {
    const random = mulberry32(0);
    expect([random(), random(), random()]).toEqual([
      0.26642920868471265, 0.0003297457005828619, 0.2232720274478197,
    ]);
  });
});

describe('recommendation filters', () => {
  it('takes a MovieLens genre and a decade as its first year', () => {
    expect(recommendationsQuery.parse({ genre: 'Sci-Fi', decade: '1990' })).toEqual({
      count: 10,
      genre: 'Sci-Fi',
      decade: 1990,
    });
    expect(recommendationsQuery.parse({})).toEqual({ count: 10 });
  });

  it.each([
    [{ genre: 'scifi' }, 'genre "scifi" is not a genre; use one of Action'],
    [{ genre: ['Drama', 'Comedy'] }, 'genre must be one genre name'],
    [{ decade: '1995' }, 'decade must be a year ending in 0, like 1990'],
    [{ decade: '1990s' }, 'decade must be a year ending in 0, like 1990'],
    [{ decade: '1860' }, 'decade must be 1870 or later'],
  ])('refuses %p, naming the problem', (query, message) => {
    const r = recommendationsQuery.safeParse(query);
    expect(r.error?.issues.map((i) => i.message).join(' ')).toContain(message);
  });

  it('matches a movie by genre and by the ten years of its decade', () => {
    const movie = { genres: ['Comedy', 'Drama'], year: 1999 };
    expect(matchesFilter(movie, {})).toBe(true);
    expect(matchesFilter(movie, { genre: 'Drama', decade: 1990 })).toBe(true);
    expect(matchesFilter(movie, { decade: 2000 })).toBe(false);
    expect(matchesFilter(movie, { genre: 'Horror' })).toBe(false);
    expect(matchesFilter({ genres: [], year: null }, { decade: 1990 })).toBe(false);
    expect(isFiltering({})).toBe(false);
    expect(isFiltering({ decade: 1990 })).toBe(true);
  });
});
