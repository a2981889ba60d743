import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MovieLensFormatError } from './errors';
import { movieLensStreamOf, openMovieLens, type MovieLensStream } from './open';
import { generateSyntheticMovieLens, writeSyntheticMovieLens } from './synthetic';
import { buildZip, withTempDir } from './test-support';
import type { RatingRecord } from './types';

const OPTIONS = { users: 12, movies: 30, ratingsPerUser: 8, seed: 3 };
const expected = generateSyntheticMovieLens(OPTIONS);
// No MOVIELENS_* variables from the machine running the tests.
const env = {};

async function ratingsOf(stream: MovieLensStream, batchSize?: number) {
  const rows: (RatingRecord & { line: number })[] = [];
  for await (const batch of stream.ratings({ batchSize })) rows.push(...batch.rows);
  return rows;
}

const located = (ratings: RatingRecord[]) => ratings.map((r, i) => ({ ...r, line: i + 2 }));

describe('openMovieLens', () => {
  it('streams the ratings of a folder given as source, with the movies in memory', async () => {
    await withTempDir(async (dir) => {
      await writeSyntheticMovieLens(dir, OPTIONS);
      const messages: string[] = [];
      const stream = await openMovieLens({ source: dir, env, onProgress: (m) => messages.push(m) });
      expect(stream.source).toBe(dir);
      expect(stream.movies).toEqual(expected.movies);
      expect(await ratingsOf(stream, 7)).toEqual(located(expected.ratings));
      // Each call reads the file again.
      expect(await ratingsOf(stream)).toHaveLength(expected.ratings.length);
      expect(messages).toEqual([
        `reading MovieLens from ${dir}`,
        `parsed ${expected.movies.length} movies`,
        `parsed ${expected.movies.length} links`,
      ]);
    });
  });

  it('finds the files in the ml-latest-small/ subfolder of MOVIELENS_DIR', async () => {
    await withTempDir(async (dir) => {
      const folder = join(dir, 'ml-latest-small');
      await writeSyntheticMovieLens(folder, OPTIONS);
      const stream = await openMovieLens({ env: { MOVIELENS_DIR: dir } });
      expect(stream.source).toBe(folder);
      expect(await ratingsOf(stream)).toEqual(located(expected.ratings));
    });
  });

  it('reads a zip through loadMovieLens and serves it the same way', async () => {
    await withTempDir(async (dir) => {
      const zipPath = join(dir, 'movielens.zip');
      await writeFile(zipPath, buildZip(expected.files));
      const stream = await openMovieLens({ source: zipPath, env });
      expect(stream.source).toBe(zipPath);
      expect(stream.movies).toEqual(expected.movies);
      expect(await ratingsOf(stream, 5)).toEqual(located(expected.ratings));
    });
  });

  it('fails at the line of a rating whose movie is not in movies.csv', async () => {
    await withTempDir(async (dir) => {
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, 'movies.csv'), expected.files['movies.csv']);
      await writeFile(join(dir, 'links.csv'), expected.files['links.csv']);
      const lines = expected.files['ratings.csv'].split('\r\n');
      lines[5] = `1,999999,4.0,1000000000`;
      await writeFile(join(dir, 'ratings.csv'), lines.join('\r\n'));
      const stream = await openMovieLens({ source: dir, env });
      const error = await ratingsOf(stream).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MovieLensFormatError);
      expect((error as Error).message).toBe(
        'ratings.csv line 6: movieId 999999 is not in movies.csv',
      );
    });
  });

  it('fails on a bad movies.csv before any rating is read', async () => {
    await withTempDir(async (dir) => {
      await writeSyntheticMovieLens(dir, OPTIONS);
      await writeFile(join(dir, 'movies.csv'), 'movieId,title,genres\r\n1,,Drama\r\n');
      await expect(openMovieLens({ source: dir, env })).rejects.toThrow(
        'movies.csv line 2: title is empty',
      );
    });
  });
});

describe('movieLensStreamOf', () => {
  it('serves data in memory in batches, lines as if written to ratings.csv', async () => {
    const stream = movieLensStreamOf({ movies: expected.movies, ratings: expected.ratings });
    expect(stream.source).toBe('memory');
    const batches = [];
    for await (const batch of stream.ratings({ batchSize: 40 })) batches.push(batch);
    expect(batches.map((b) => [b.rows.length, b.done, b.total])).toEqual([
      [40, 40, 96],
      [40, 80, 96],
      [16, 96, 96],
    ]);
    expect(batches.flatMap((b) => b.rows)).toEqual(located(expected.ratings));
  });

  it('fails at a rating whose movie is not among the movies', async () => {
    const stream = movieLensStreamOf({
      movies: expected.movies,
      ratings: [...expected.ratings, { userId: 1, movieId: 999999, rating: 4, timestamp: 1 }],
    });
    await expect(ratingsOf(stream)).rejects.toThrow(
      `ratings.csv line ${expected.ratings.length + 2}: movieId 999999 is not in movies.csv`,
    );
  });
});
