import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSyntheticMovieLens, type RatingRecord } from '@marquee/movielens';
import { readRatingsFile } from '../ratings-input';
import { writeRatingsCsv } from './ratings-csv';
import { newUserSplitFiles, splitNewUsers, splitStratified } from './splitters';

describe('writeRatingsCsv', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ratings-csv-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes MovieLens text: header, CRLF, whole ratings as "4.0"', async () => {
    const path = join(dir, 'ratings.csv');
    await writeRatingsCsv(path, [
      { userId: 1, movieId: 31, rating: 2.5, timestamp: 1260759144 },
      { userId: 1, movieId: 1029, rating: 3, timestamp: 1260759179 },
      { userId: 7, movieId: 2, rating: 5 },
    ]);
    expect(await readFile(path, 'utf8')).toBe(
      'userId,movieId,rating,timestamp\r\n' +
        '1,31,2.5,1260759144\r\n' +
        '1,1029,3.0,1260759179\r\n' +
        '7,2,5.0,0\r\n',
    );
  });

  it('round-trips through readRatingsFile', async () => {
    const { ratings } = generateSyntheticMovieLens({
      users: 30,
      movies: 50,
      ratingsPerUser: 10,
      seed: 6,
    });
    const { train, test } = splitStratified(ratings, { seed: 1 });
    await writeRatingsCsv(join(dir, 'train.csv'), train);
    await writeRatingsCsv(join(dir, 'test.csv'), test);
    expect(await readRatingsFile(join(dir, 'train.csv'))).toEqual(train);
    expect(await readRatingsFile(join(dir, 'test.csv'))).toEqual(test);
  });

  it('round-trips a new-user split, creating the folder', async () => {
    const { ratings } = generateSyntheticMovieLens({
      users: 30,
      movies: 50,
      ratingsPerUser: 10,
      seed: 6,
    });
    const files = newUserSplitFiles(splitNewUsers(ratings, { given: 3, seed: 2 }));
    expect(files.test.length).toBeGreaterThan(0);
    for (const [name, rows] of Object.entries(files)) {
      const path = join(dir, 'split', `${name}.csv`);
      await writeRatingsCsv(path, rows);
      expect(await readRatingsFile(path)).toEqual(rows);
    }
  });

  it.each<[string, Partial<RatingRecord>, RegExp]>([
    ['a rating off the half-star scale', { rating: 3.3 }, /rating must be a multiple of 0.5/],
    ['a rating above 5', { rating: 5.5 }, /rating must be a multiple of 0.5 in 0.5..5/],
    ['a user id of 0', { userId: 0 }, /userId must be an integer in 1\.\./],
    ['a fractional movie id', { movieId: 1.5 }, /movieId must be an integer/],
    ['a negative timestamp', { timestamp: -1 }, /timestamp must be a whole number/],
  ])('refuses %s and writes nothing', async (_label, change, message) => {
    const path = join(dir, 'bad.csv');
    const good = { userId: 1, movieId: 2, rating: 4, timestamp: 5 };
    await expect(writeRatingsCsv(path, [good, { ...good, ...change }])).rejects.toThrow(message);
    await expect(stat(path)).rejects.toThrow(/ENOENT/);
  });
});
