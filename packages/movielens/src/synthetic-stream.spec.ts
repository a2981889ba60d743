import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadMovieLens } from './load';
import { writeSyntheticRelease, type SyntheticReleaseOptions } from './synthetic-stream';
import { withTempDir } from './test-support';
import type { RatingRecord } from './types';

const OPTIONS: SyntheticReleaseOptions = { users: 500, movies: 5_000, ratings: 80_000, seed: 9 };

/** Writes a release-shaped folder and reads it back with the package's own loader. */
async function generate(options: SyntheticReleaseOptions = OPTIONS) {
  return withTempDir(async (dir) => {
    const summary = await writeSyntheticRelease(dir, options);
    const data = await loadMovieLens({ source: dir, env: {} });
    const files = {
      ratings: await readFile(join(dir, 'ratings.csv'), 'utf8'),
      movies: await readFile(join(dir, 'movies.csv'), 'utf8'),
      links: await readFile(join(dir, 'links.csv'), 'utf8'),
    };
    return { summary, data, files, listing: (await readdir(dir)).sort() };
  });
}

describe('writeSyntheticRelease', () => {
  let result: Awaited<ReturnType<typeof generate>>;
  beforeAll(async () => {
    result = await generate();
  });

  it('writes a folder the loader reads, with exactly the requested totals', () => {
    const { data, listing } = result;
    expect(listing).toEqual(['links.csv', 'movies.csv', 'ratings.csv']);
    expect(data.ratings).toHaveLength(OPTIONS.ratings);
    expect(data.movies).toHaveLength(OPTIONS.movies);
    expect(new Set(data.ratings.map((r) => r.userId))).toEqual(
      new Set(Array.from({ length: OPTIONS.users }, (_, i) => i + 1)),
    );
  });

  it('uses the real headers, CRLF line endings, and orders ratings by user then movie', () => {
    const { files, data } = result;
    expect(files.ratings.startsWith('userId,movieId,rating,timestamp\r\n')).toBe(true);
    expect(files.movies.startsWith('movieId,title,genres\r\n')).toBe(true);
    expect(files.links.startsWith('movieId,imdbId,tmdbId\r\n')).toBe(true);
    for (const text of Object.values(files)) {
      expect(text.endsWith('\r\n')).toBe(true);
      expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    }
    expect(files.ratings.split('\r\n')[1]).toMatch(/^1,\d+,[0-5]\.[05],\d{10}$/);
    const ordered = [...data.ratings].sort((a, b) => a.userId - b.userId || a.movieId - b.movieId);
    expect(data.ratings).toEqual(ordered);
  });

  it('gives users long-tailed activity with at least 20 ratings each', () => {
    const counts = [...countBy(result.data.ratings, (r) => r.userId).values()].sort(
      (a, b) => a - b,
    );
    const median = counts[counts.length >> 1]!;
    expect(counts[0]).toBe(20);
    expect(counts[counts.length - 1]! / median).toBeGreaterThan(5);
    // The mean sits well above the median: a few users rate a great deal.
    expect(OPTIONS.ratings / OPTIONS.users / median).toBeGreaterThan(1.5);
  });

  it('gives movies power-law popularity: a few rated by most users, many by almost nobody', () => {
    const counts = [...countBy(result.data.ratings, (r) => r.movieId).values()].sort(
      (a, b) => b - a,
    );
    const top = counts[0]!;
    const median = counts[counts.length >> 1]!;
    expect(top).toBeGreaterThan(OPTIONS.users / 3);
    expect(top).toBeGreaterThan(20 * median);
    const top5Percent = counts.slice(0, OPTIONS.movies / 20).reduce((a, b) => a + b, 0);
    expect(top5Percent / OPTIONS.ratings).toBeGreaterThan(0.4);
    expect(result.summary.movieGini).toBeGreaterThan(0.6);
  });

  it('rates in half and whole stars, some users whole stars only, with offsets per user and movie', () => {
    const { ratings } = result.data;
    const halves = ratings.filter((r) => r.rating % 1 !== 0).length / ratings.length;
    expect(halves).toBeGreaterThan(0.15);
    expect(halves).toBeLessThan(0.45);
    const byUser = groupBy(ratings, (r) => r.userId);
    const wholeOnly = [...byUser.values()].filter((rs) => rs.every((r) => r.rating % 1 === 0));
    expect(wholeOnly.length / byUser.size).toBeGreaterThan(0.2);
    // Users' and movies' mean ratings spread out: each has its own offset.
    const spread = (groups: Map<number, RatingRecord[]>) => {
      const means = [...groups.values()].filter((rs) => rs.length >= 20).map(meanRating);
      return Math.max(...means) - Math.min(...means);
    };
    expect(spread(byUser)).toBeGreaterThan(1);
    expect(spread(groupBy(ratings, (r) => r.movieId))).toBeGreaterThan(1);
    const mean = meanRating(ratings);
    expect(mean).toBeGreaterThan(3);
    expect(mean).toBeLessThan(4);
  });

  it('gives movies genres, years (mostly recent) and links', () => {
    const { movies } = result.data;
    expect(movies.filter((m) => m.genres.length > 0).length / movies.length).toBeGreaterThan(0.9);
    const years = movies.flatMap((m) => (m.year === null ? [] : [m.year])).sort((a, b) => a - b);
    expect(years[0]).toBeGreaterThanOrEqual(1902);
    expect(years[years.length - 1]).toBeLessThanOrEqual(2023);
    expect(years[years.length >> 1]).toBeGreaterThan(1995);
    expect(movies.every((m) => m.imdbId !== null)).toBe(true);
    expect(movies.filter((m) => m.tmdbId !== null).length / movies.length).toBeGreaterThan(0.99);
    // Titles vary enough to search among.
    expect(new Set(movies.map((m) => m.title)).size / movies.length).toBeGreaterThan(0.8);
  });

  it('reports what it wrote', () => {
    const { summary, data } = result;
    const movieCounts = countBy(data.ratings, (r) => r.movieId);
    const userCounts = [...countBy(data.ratings, (r) => r.userId).values()];
    expect(summary).toMatchObject({
      ratings: OPTIONS.ratings,
      users: OPTIONS.users,
      movies: OPTIONS.movies,
      ratedMovies: movieCounts.size,
      movieRatings: { max: Math.max(...movieCounts.values()) },
      userRatings: { min: Math.min(...userCounts), max: Math.max(...userCounts) },
    });
    expect(summary.meanRating).toBeCloseTo(meanRating(data.ratings), 10);
    expect(summary.bytes['ratings.csv']).toBe(Buffer.byteLength(result.files.ratings));
  });

  it('is deterministic from the seed', async () => {
    const small = { users: 100, movies: 1_000, ratings: 10_000, seed: 3 };
    const first = await generate(small);
    expect((await generate(small)).files).toEqual(first.files);
    const other = await generate({ ...small, seed: 4 });
    expect(other.files.ratings).not.toBe(first.files.ratings);
    expect(other.files.movies).not.toBe(first.files.movies);
  });

  it('meets the total when it is too small for 20 ratings per user, and when it fills the catalogue', async () => {
    const sparse = await generate({ users: 100, movies: 500, ratings: 1_234, seed: 1 });
    expect(sparse.data.ratings).toHaveLength(1_234);
    expect(Math.min(...countBy(sparse.data.ratings, (r) => r.userId).values())).toBe(12);
    const full = await generate({ users: 6, movies: 25, ratings: 150, seed: 1 });
    expect(full.data.ratings).toHaveLength(150);
  });

  it('reports progress, ending with every row', async () => {
    const seen: number[] = [];
    await withTempDir((dir) =>
      writeSyntheticRelease(dir, {
        users: 100,
        movies: 1_000,
        ratings: 10_000,
        seed: 1,
        onProgress: ({ rows, totalRows }) => {
          expect(totalRows).toBe(10_000);
          seen.push(rows);
        },
      }),
    );
    expect(seen[seen.length - 1]).toBe(10_000);
  });

  it('rejects impossible options with every problem listed', async () => {
    await withTempDir(async (dir) => {
      await expect(
        writeSyntheticRelease(dir, { users: 0, movies: 10, ratings: 1.5, seed: 1 }),
      ).rejects.toThrow(
        'writeSyntheticRelease: users must be a whole number >= 1 (got 0); ' +
          'ratings must be a whole number >= 1 (got 1.5)',
      );
      await expect(
        writeSyntheticRelease(dir, { users: 10, movies: 10, ratings: 101, seed: 1 }),
      ).rejects.toThrow('ratings (101) cannot exceed users × movies (100)');
      expect(await readdir(dir)).toEqual([]);
    });
  });
});

function countBy<T>(items: readonly T[], key: (item: T) => number): Map<number, number> {
  const counts = new Map<number, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

function groupBy<T>(items: readonly T[], key: (item: T) => number): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

function meanRating(ratings: readonly RatingRecord[]): number {
  return ratings.reduce((sum, r) => sum + r.rating, 0) / ratings.length;
}
