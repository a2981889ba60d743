import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSyntheticMovieLens, type RatingRecord } from '@marquee/movielens';
import { runCliCapturing as run } from './testing/run-cli';
import { readRatingsFile } from './ratings-input';
import { EASE_LAMBDA_GRID, foldInRatings, medianCount, topMovies } from './topn';

const K = 5;

const rating = (userId: number, movieId: number, value = 4): RatingRecord => ({
  userId,
  movieId,
  rating: value,
  timestamp: 0,
});

interface Lists {
  userId: number;
  top: number[];
  shown: number[];
}

const moviesByUser = (ratings: readonly RatingRecord[]) => {
  const movies = new Map<number, Set<number>>();
  for (const r of ratings) {
    const set = movies.get(r.userId) ?? new Set<number>();
    set.add(r.movieId);
    movies.set(r.userId, set);
  }
  return movies;
};

describe('ncf topn', () => {
  let dir: string;
  let known: string;
  let fresh: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ncf-lab-topn-'));
    const data = generateSyntheticMovieLens({ users: 40, movies: 80, ratingsPerUser: 20, seed: 3 });
    await writeFile(join(dir, 'ratings.csv'), data.files['ratings.csv']);
    await writeFile(join(dir, 'movies.csv'), data.files['movies.csv']);
    known = join(dir, 'known');
    fresh = join(dir, 'new');
    expect((await run(['split', '--data', dir, '--out', known, '--seed', '1'])).code).toBe(0);
    const newSplit = ['split', '--data', dir, '--out', fresh, '--protocol', 'new', '--given', '5'];
    expect((await run(newSplit)).code).toBe(0);
  });

  afterAll(() => rm(dir, { recursive: true, force: true }));

  /** Checks the lists file: k distinct movies per user, none the user was folded in from. */
  async function expectLists(path: string, users: number[], foldedFrom: RatingRecord[]) {
    const lines = (await readFile(path, 'utf8')).trim().split('\n');
    const lists = lines.map((line) => JSON.parse(line) as Lists);
    expect(lists.map((l) => l.userId)).toEqual(users);
    const rated = moviesByUser(foldedFrom);
    for (const { userId, top, shown } of lists) {
      for (const list of [top, shown]) {
        expect(list).toHaveLength(K);
        expect(new Set(list).size).toBe(K);
        expect(list.some((id) => rated.get(userId)?.has(id))).toBe(false);
      }
    }
  }

  it('known users: the documented result, and the lists file', async () => {
    const listsPath = join(known, 'lists.jsonl');
    const args = ['topn', '--train', join(known, 'train.csv'), '--test', join(known, 'test.csv')];
    const extra = ['--movies', join(dir, 'movies.csv'), '--k', `${K}`, '--max-epochs', '1'];
    const { code, out, err } = await run([...args, ...extra, '--lists', listsPath]);
    expect(code).toBe(0);
    const result = JSON.parse(out.at(-1) as string) as Record<string, unknown>;
    const train = await readRatingsFile(join(known, 'train.csv'));
    const test = await readRatingsFile(join(known, 'test.csv'));
    const users = [...new Set(test.map((r) => r.userId))].sort((a, b) => a - b);
    const scores = {
      precision: expect.any(Number),
      recall: expect.any(Number),
      ndcg: expect.any(Number),
      map: expect.any(Number),
      users: users.length,
    };
    const listScores = {
      all: scores,
      liked: { ...scores, users: expect.any(Number) },
      coverage: expect.any(Number),
      overlap: expect.any(Number),
    };
    expect(result).toMatchObject({
      users: users.length,
      k: K,
      protocol: 'known',
      catalogue: new Set(train.map((r) => r.movieId)).size,
      foldedInFrom: { given: 0, train: users.length },
      model: { top: listScores, shown: listScores, shownChange: expect.any(Number) },
      popular: listScores,
      ease: { ...listScores, lambda: expect.any(Number) },
      reasons: { cited: expect.any(Number) },
      epochs: 1,
      config: { name: 'best', ncf: { filmFeatures: true } },
    });
    const { model, ease, reasons } = result as {
      model: { shownChange: number };
      ease: { lambda: number; grid: { lambda: number }[] };
      reasons: { cited: number };
    };
    expect(ease.grid.map((g) => g.lambda)).toEqual(EASE_LAMBDA_GRID);
    expect(EASE_LAMBDA_GRID).toContain(ease.lambda);
    expect(model.shownChange).toBeGreaterThanOrEqual(0);
    expect(model.shownChange).toBeLessThanOrEqual(K);
    expect(reasons.cited).toBeGreaterThanOrEqual(0);
    expect(reasons.cited).toBeLessThanOrEqual(1);
    await expectLists(listsPath, users, train);
    expect(err).toMatch(/EASE lambda \d+/);
  });

  it('new users: folded in from --given, the EASE lambda validated on new users', async () => {
    const listsPath = join(fresh, 'lists.jsonl');
    const files = ['train', 'given', 'test'].map((name) => join(fresh, `${name}.csv`));
    const [trainPath, givenPath, testPath] = files as [string, string, string];
    const { code, out } = await run([
      'topn',
      '--train',
      trainPath,
      '--test',
      testPath,
      '--given',
      givenPath,
      '--k',
      `${K}`,
      '--max-epochs',
      '1',
      '--lists',
      listsPath,
    ]);
    expect(code).toBe(0);
    const result = JSON.parse(out.at(-1) as string) as Record<string, unknown>;
    const given = await readRatingsFile(givenPath);
    const users = [...new Set(given.map((r) => r.userId))].sort((a, b) => a - b);
    expect(users).toHaveLength(8); // 20% of 40 users, each with 20 >= 5 + 5 ratings
    expect(result).toMatchObject({
      users: 8,
      protocol: 'new',
      foldedInFrom: { given: 8, train: 0 },
      config: { ncf: { filmFeatures: false } },
    });
    await expectLists(listsPath, users, given);
  });

  it('rejects a missing file, a bad k and a test user without ratings, without a stack', async () => {
    const train = join(known, 'train.csv');
    const stray = join(dir, 'stray.csv');
    const other = join(dir, 'other.csv');
    await writeFile(stray, 'userId,movieId,rating,timestamp\n999,1,4.0,0\n');
    await writeFile(other, 'userId,movieId,rating,timestamp\n1000,1,4.0,0\n');
    const cases: [string[], number, RegExp][] = [
      [['--test', join(dir, 'missing.csv')], 1, /missing\.csv: no such file/],
      [['--test', stray, '--k', '0'], 2, /--k must be an integer >= 1, got "0"/],
      [['--test', stray, '--k', 'ten'], 2, /--k must be an integer >= 1/],
      [['--test', stray], 1, /user 999 of the test file has no ratings in --train/],
      [['--test', stray, '--given', other], 1, /user 999 .* no ratings in --given or --train/],
    ];
    for (const [args, exit, message] of cases) {
      const { code, out, err } = await run(['topn', '--train', train, ...args]);
      expect([code, err]).toEqual([exit, expect.stringMatching(message)]);
      expect(out).toEqual([]);
      expect(err).not.toMatch(/\n\s+at /);
    }
  });
});

describe('foldInRatings', () => {
  const train = [rating(1, 10), rating(1, 11), rating(2, 10), rating(3, 12)];
  const test = [rating(2, 30), rating(1, 20), rating(2, 31)];

  it('folds known users in from their training ratings, users ascending', () => {
    const { ratings, from } = foldInRatings(train, test);
    expect([...ratings.keys()]).toEqual([1, 2]);
    expect(ratings.get(1)).toEqual([
      { movieId: 10, rating: 4 },
      { movieId: 11, rating: 4 },
    ]);
    expect(from).toEqual({ given: 0, train: 2 });
  });

  it('prefers --given, falls back to training, ignores --given users absent from the test', () => {
    const given = [rating(2, 40, 5), rating(7, 41)];
    const { ratings, from } = foldInRatings(train, test, given);
    expect([...ratings.keys()]).toEqual([1, 2]);
    expect(ratings.get(2)).toEqual([{ movieId: 40, rating: 5 }]);
    expect(ratings.get(1)).toHaveLength(2);
    expect(from).toEqual({ given: 1, train: 1 });
  });

  it('names a test user with nothing to fold in from', () => {
    expect(() => foldInRatings(train, [...test, rating(5, 10)])).toThrow(/user 5 /);
  });
});

describe('topMovies', () => {
  const movieIds = [1, 2, 3, 4, 5, 6];

  it('takes the k best, best first, skipping excluded movies; ties go to the earlier movie', () => {
    const scores = [0.5, 0.9, 0.9, -Infinity, 0.7, 0.1];
    expect(topMovies(movieIds, scores, new Set([4]), 3)).toEqual([2, 3, 5]);
    expect(topMovies(movieIds, scores, new Set([2, 4]), 3)).toEqual([3, 5, 1]);
    expect(topMovies(movieIds, [1, 1, 1, 1, 1, 1], new Set(), 2)).toEqual([1, 2]);
  });

  it('returns what is left when fewer than k movies remain', () => {
    expect(topMovies(movieIds, [6, 5, 4, 3, 2, 1], new Set([1, 2, 3, 4]), 4)).toEqual([5, 6]);
  });
});

describe('medianCount', () => {
  it('is the median number of ratings per user, rounded', () => {
    const ratings = (counts: number[]) =>
      counts.flatMap((n, u) => Array.from({ length: n }, (_, i) => rating(u + 1, i + 1)));
    expect(medianCount(ratings([3, 10, 4]))).toBe(4);
    expect(medianCount(ratings([3, 10, 4, 6]))).toBe(5); // 5, from (4 + 6) / 2
    expect(medianCount(ratings([2, 5]))).toBe(4); // 3.5 rounds up
  });
});
