import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSyntheticMovieLens, type RatingRecord } from '@marquee/movielens';
import { runCliCapturing as run } from './testing/run-cli';
import { readRatingsFile } from './ratings-input';
import type { SplitSummary } from './split-command';

const key = (r: RatingRecord) => `${r.userId}:${r.movieId}:${r.rating}`;
const userIds = (ratings: readonly RatingRecord[]) => new Set(ratings.map((r) => r.userId));

describe('ncf split', () => {
  let dir: string;
  let ratings: RatingRecord[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ncf-lab-split-'));
    const data = generateSyntheticMovieLens({ users: 30, movies: 40, ratingsPerUser: 15, seed: 8 });
    await writeFile(join(dir, 'ratings.csv'), data.files['ratings.csv']);
    ratings = await readRatingsFile(join(dir, 'ratings.csv'));
  });

  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('known: train.csv and test.csv read back and partition the ratings', async () => {
    const out = join(dir, 'known', 'nested');
    const { code, out: lines } = await run([
      'split',
      '--data',
      join(dir, 'ratings.csv'),
      '--out',
      out,
      '--ratio',
      '0.8',
    ]);
    expect(code).toBe(0);
    const summary = JSON.parse(lines.at(-1) as string) as SplitSummary;
    const train = await readRatingsFile(join(out, 'train.csv'));
    const test = await readRatingsFile(join(out, 'test.csv'));
    expect(summary).toMatchObject({ protocol: 'known', seed: 42, ratio: 0.8 });
    expect(summary.files.train).toMatchObject({ ratings: train.length, users: 30 });
    expect(summary.files.test?.ratings).toBe(test.length);
    // Timestamps survive too.
    expect(
      [...train, ...test].sort((a, b) => a.userId - b.userId || a.movieId - b.movieId),
    ).toEqual([...ratings].sort((a, b) => a.userId - b.userId || a.movieId - b.movieId));
    expect(train.length / ratings.length).toBeCloseTo(0.8, 1);
  });

  it('new: train.csv holds other users; given.csv and test.csv split the evaluated ones', async () => {
    const out = join(dir, 'new');
    const args = ['split', '--data', dir, '--out', out, '--protocol', 'new', '--given', '4'];
    const { code, out: lines } = await run([...args, '--seed', '3']);
    expect(code).toBe(0);
    const summary = JSON.parse(lines.at(-1) as string) as SplitSummary;
    const [train, given, test] = await Promise.all(
      ['train', 'given', 'test'].map((name) => readRatingsFile(join(out, `${name}.csv`))),
    );
    const evaluated = userIds(given!);
    expect(summary).toMatchObject({ protocol: 'new', given: 4, heldOutUsers: 6 });
    expect(summary.evaluatedUsers).toBe(evaluated.size);
    expect(summary.files.given?.ratings).toBe(given!.length);
    expect(evaluated).toEqual(userIds(test!));
    expect([...userIds(train!)].some((id) => evaluated.has(id))).toBe(false);
    for (const userId of evaluated) {
      expect(given!.filter((r) => r.userId === userId)).toHaveLength(4);
    }
    // Together the three files are the ratings of the training and evaluated users.
    const expected = ratings
      .filter((r) => userIds(train!).has(r.userId) || evaluated.has(r.userId))
      .map(key)
      .sort();
    expect([...train!, ...given!, ...test!].map(key).sort()).toEqual(expected);
  });

  it.each([
    [['--protocol', 'old'], /--protocol must be known or new, got "old"/],
    [['--ratio', '1.5'], /--ratio must be a number strictly between 0 and 1, got "1.5"/],
    [['--protocol', 'new', '--ratio', '0.5'], /--ratio applies to --protocol known/],
    [['--given', '5'], /--given applies to --protocol new/],
  ])('usage error %j exits 2', async (extra, message) => {
    const { code, err } = await run(['split', '--data', dir, '--out', join(dir, 'x'), ...extra]);
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });

  it('says so when no user has enough ratings for --given, and when data is missing', async () => {
    const tooMany = await run(
      ['split', '--data', dir, '--out', join(dir, 'y')].concat([
        '--protocol',
        'new',
        '--given',
        '12',
      ]),
    );
    expect(tooMany.code).toBe(1);
    expect(tooMany.err).toMatch(/at least 17 ratings/);
    const missing = await run(['split', '--data', join(dir, 'nowhere'), '--out', join(dir, 'z')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/nowhere: no such file or folder/);
  });
});
