import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MOVIELENS_GENRES } from './dataset-files';
import { parseMovieLensFiles } from './parse';
import { generateSyntheticMovieLens, writeSyntheticMovieLens } from './synthetic';
import { withTempDir } from './test-support';
import type { RatingRecord } from './types';

const OPTIONS = { users: 40, movies: 120, ratingsPerUser: 25, seed: 42 };

describe('generateSyntheticMovieLens', () => {
  const data = generateSyntheticMovieLens(OPTIONS);

  it('is deterministic from the seed', () => {
    expect(generateSyntheticMovieLens(OPTIONS)).toEqual(data);
    const other = generateSyntheticMovieLens({ ...OPTIONS, seed: 43 });
    expect(other.files['ratings.csv']).not.toBe(data.files['ratings.csv']);
    expect(other.files['movies.csv']).not.toBe(data.files['movies.csv']);
  });

  it('parses back to exactly its movies and ratings', () => {
    expect(parseMovieLensFiles(data.files)).toEqual({ movies: data.movies, ratings: data.ratings });
  });

  it('has the requested size, each user rating distinct movies', () => {
    expect(data.movies).toHaveLength(OPTIONS.movies);
    expect(new Set(data.movies.map((m) => m.movieId)).size).toBe(OPTIONS.movies);
    expect(data.ratings).toHaveLength(OPTIONS.users * OPTIONS.ratingsPerUser);
    const pairs = new Set(data.ratings.map((r) => `${r.userId}:${r.movieId}`));
    expect(pairs.size).toBe(data.ratings.length);
    const users = new Set(data.ratings.map((r) => r.userId));
    expect(users.size).toBe(OPTIONS.users);
  });

  it('allows every movie to be rated by every user', () => {
    const full = generateSyntheticMovieLens({ users: 3, movies: 10, ratingsPerUser: 10, seed: 1 });
    expect(full.ratings).toHaveLength(30);
    expect(parseMovieLensFiles(full.files).ratings).toEqual(full.ratings);
  });

  it('writes ratings in half stars from 0.5 to 5 with whole-second timestamps', () => {
    for (const { rating, timestamp } of data.ratings) {
      expect(rating * 2).toBe(Math.round(rating * 2));
      expect(rating).toBeGreaterThanOrEqual(0.5);
      expect(rating).toBeLessThanOrEqual(5);
      expect(Number.isInteger(timestamp)).toBe(true);
    }
    expect(new Set(data.ratings.map((r) => r.rating)).size).toBeGreaterThan(5);
  });

  it('uses the real headers and CRLF line endings', () => {
    const { files } = data;
    expect(files['ratings.csv'].startsWith('userId,movieId,rating,timestamp\r\n')).toBe(true);
    expect(files['movies.csv'].startsWith('movieId,title,genres\r\n')).toBe(true);
    expect(files['links.csv'].startsWith('movieId,imdbId,tmdbId\r\n')).toBe(true);
    for (const text of Object.values(files)) {
      expect(text.endsWith('\r\n')).toBe(true);
      expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    }
  });

  it('includes the quirks of the real files', () => {
    const moviesCsv = data.files['movies.csv'];
    expect(moviesCsv).toMatch(/^\d+,"[^"\r\n]*, The \(\d{4}\)",/m); // quoted title with a comma
    expect(moviesCsv).toMatch(/^\d+,"[^\r\n]*""[^\r\n]*",/m); // doubled double quotes
    expect(moviesCsv).toMatch(/\(\d{4}\u2013\d{4}\)"?,/); // a year range
    expect(moviesCsv).toMatch(/\(\d{4}\) ,/); // a trailing space
    expect(moviesCsv).toContain(',(no genres listed)\r\n');
    expect(data.files['links.csv']).toMatch(/^\d+,\d{7},\r\n/m); // empty tmdbId
    expect(data.movies.some((m) => m.year === null)).toBe(true);
    expect(data.movies.some((m) => m.genres.length === 0)).toBe(true);
    expect(data.movies.some((m) => m.tmdbId === null)).toBe(true);
    const genres = new Set(data.movies.flatMap((m) => m.genres));
    for (const genre of genres) expect(MOVIELENS_GENRES).toContain(genre);
  });

  it('has long-tailed popularity', () => {
    const counts = countBy(data.ratings, (r) => r.movieId);
    const sorted = [...counts.values()].sort((a, b) => b - a);
    const top = sorted[0] ?? 0;
    const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
    expect(top).toBeGreaterThan(3 * median);
  });

  it('leaves movies nobody rates when ratings are sparse, as the real catalogue has', () => {
    const sparse = generateSyntheticMovieLens({
      users: 30,
      movies: 400,
      ratingsPerUser: 10,
      seed: 2,
    });
    const rated = new Set(sparse.ratings.map((r) => r.movieId));
    expect(sparse.movies.filter((m) => !rated.has(m.movieId)).length).toBeGreaterThan(50);
  });

  it('has taste in which movies a user rates: their genre comes back, and they like it', () => {
    // A user's favourite genre is found on half of their ratings and judged on the other half,
    // so picking the most frequent of 19 genres cannot flatter the figures by itself. With
    // movies chosen by popularity alone (the generator before taste) the share matched the
    // catalogue's (0.09 against 0.10) and the stars differed by 0.05.
    const big = generateSyntheticMovieLens({
      users: 200,
      movies: 300,
      ratingsPerUser: 40,
      seed: 7,
    });
    const genresOf = new Map(big.movies.map((m) => [m.movieId, m.genres]));
    const catalogueShare = (genre: string) =>
      big.movies.filter((m) => m.genres.includes(genre)).length / big.movies.length;
    const byUser = new Map<number, RatingRecord[]>();
    for (const r of big.ratings) byUser.set(r.userId, [...(byUser.get(r.userId) ?? []), r]);

    const shares: number[] = [];
    const baselines: number[] = [];
    const lifts: number[] = [];
    for (const ratings of byUser.values()) {
      const found = ratings.filter((_, i) => i % 2 === 0);
      const judged = ratings.filter((_, i) => i % 2 === 1);
      const counts = countBy(
        found.flatMap((r) => genresOf.get(r.movieId) ?? []),
        (genre) => genre,
      );
      const [favourite] = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]!;
      const has = (r: RatingRecord) => (genresOf.get(r.movieId) ?? []).includes(favourite);
      const inGenre = judged.filter(has);
      const others = judged.filter((r) => !has(r));
      shares.push(inGenre.length / judged.length);
      baselines.push(catalogueShare(favourite));
      if (inGenre.length > 0 && others.length > 0) lifts.push(mean(inGenre) - mean(others));
    }
    expect(average(shares)).toBeGreaterThan(2 * average(baselines));
    expect(average(shares)).toBeGreaterThan(0.45);
    expect(average(lifts)).toBeGreaterThan(0.3);
  });

  it('ties genres to taste: movies sharing a genre share more of their raters', () => {
    // Two movies of the same genre share more raters than two movies picked at random would.
    const big = generateSyntheticMovieLens({
      users: 200,
      movies: 300,
      ratingsPerUser: 40,
      seed: 7,
    });
    const raters = new Map<number, Set<number>>();
    for (const r of big.ratings) {
      raters.set(r.movieId, (raters.get(r.movieId) ?? new Set()).add(r.userId));
    }
    const jaccard = (a: number, b: number) => {
      const x = raters.get(a) ?? new Set<number>();
      const y = raters.get(b) ?? new Set<number>();
      const both = [...x].filter((u) => y.has(u)).length;
      return both / Math.max(1, x.size + y.size - both);
    };
    const popular = big.movies.filter((m) => (raters.get(m.movieId)?.size ?? 0) >= 20);
    const same: number[] = [];
    const other: number[] = [];
    for (let i = 0; i < popular.length; i++) {
      for (let j = i + 1; j < popular.length; j++) {
        const a = popular[i]!;
        const b = popular[j]!;
        const shared = a.genres.some((g) => b.genres.includes(g));
        (shared ? same : other).push(jaccard(a.movieId, b.movieId));
      }
    }
    expect(average(same)).toBeGreaterThan(1.8 * average(other));
  });

  it('has structure a model can learn: user and movie biases beat the global mean', () => {
    const big = generateSyntheticMovieLens({
      users: 200,
      movies: 300,
      ratingsPerUser: 40,
      seed: 7,
    });
    const test = big.ratings.filter((_, i) => i % 5 === 0);
    const train = big.ratings.filter((_, i) => i % 5 !== 0);
    const mean = train.reduce((sum, r) => sum + r.rating, 0) / train.length;
    const movieBias = shrunkMeans(
      train,
      (r) => r.movieId,
      () => mean,
    );
    const userBias = shrunkMeans(
      train,
      (r) => r.userId,
      (r) => mean + (movieBias.get(r.movieId) ?? 0),
    );
    const predictBiased = (r: RatingRecord) =>
      mean + (movieBias.get(r.movieId) ?? 0) + (userBias.get(r.userId) ?? 0);

    const globalRmse = rmse(test, () => mean);
    const biasedRmse = rmse(test, predictBiased);
    expect(biasedRmse).toBeLessThan(0.85 * globalRmse);
  });

  it('rejects impossible options with every problem listed', () => {
    expect(() =>
      generateSyntheticMovieLens({ users: 0, movies: 5, ratingsPerUser: 6, seed: 1 }),
    ).toThrow(
      'generateSyntheticMovieLens: users must be >= 1 (got 0); ratingsPerUser must be an integer in 0..movies (got 6)',
    );
  });
});

describe('writeSyntheticMovieLens', () => {
  it('writes the three CSV files into a new folder', async () => {
    await withTempDir(async (dir) => {
      const folder = join(dir, 'nested', 'ml');
      await writeSyntheticMovieLens(folder, OPTIONS);
      const expected = generateSyntheticMovieLens(OPTIONS).files;
      for (const name of ['ratings.csv', 'movies.csv', 'links.csv'] as const) {
        expect(await readFile(join(folder, name), 'utf8')).toBe(expected[name]);
      }
    });
  });
});

function countBy<T, K>(items: T[], key: (item: T) => K): Map<K, number> {
  const counts = new Map<K, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

/** Mean residual per key, shrunk toward 0 for keys with few ratings. */
function shrunkMeans(
  ratings: RatingRecord[],
  key: (r: RatingRecord) => number,
  baseline: (r: RatingRecord) => number,
): Map<number, number> {
  const sums = new Map<number, { sum: number; count: number }>();
  for (const r of ratings) {
    const entry = sums.get(key(r)) ?? { sum: 0, count: 0 };
    entry.sum += r.rating - baseline(r);
    entry.count += 1;
    sums.set(key(r), entry);
  }
  return new Map([...sums].map(([k, { sum, count }]) => [k, sum / (count + 5)]));
}

function rmse(ratings: RatingRecord[], predict: (r: RatingRecord) => number): number {
  const squared = ratings.reduce((sum, r) => sum + (r.rating - predict(r)) ** 2, 0);
  return Math.sqrt(squared / ratings.length);
}

function average(values: number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

function mean(ratings: RatingRecord[]): number {
  return average(ratings.map((r) => r.rating));
}
