import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MAX_RATING, MIN_RATING, RATING_STEP } from '@marquee/contracts';
import { formatCsv } from './csv-format';
import { MOVIELENS_GENRES, MOVIELENS_HEADERS, NO_GENRES } from './dataset-files';
import { mulberry32, pick, randomInt } from './prng';
import type { MovieRecord, RatingRecord } from './types';

export interface SyntheticMovieLensOptions {
  users: number;
  movies: number;
  /** Each user rates this many distinct movies (at most `movies`). */
  ratingsPerUser: number;
  seed: number;
}

export interface SyntheticMovieLens {
  movies: MovieRecord[];
  ratings: RatingRecord[];
  /** The same data as ml-latest-small CSV files (CRLF, real headers, MovieLens quoting). */
  files: { 'movies.csv': string; 'ratings.csv': string; 'links.csv': string };
}

const FACTORS = 3;
const GLOBAL_MEAN = 3.5;
const FIRST_TIMESTAMP = 946684800; // 2000-01-01
const LAST_TIMESTAMP = 1535760000; // 2018-09-01

const ADJECTIVES = ['Silent', 'Broken', 'Golden', 'Last', 'Hidden', 'Crimson', 'Lost', 'Wild'];
const NOUNS = ['River', 'Summer', 'Empire', 'Stranger', 'Garden', 'Machine', 'Harbor', 'Night'];
const FOREIGN = ['Cité des rêves', 'Amélie du nord', 'Desu nôto', 'Los años', 'Die Straße'];

/**
 * Small MovieLens-shaped data, deterministic from the seed, for tests and demos on machines
 * without the real dataset. Ratings follow a latent-factor model (global mean + user bias +
 * movie bias + a dot product of small factor vectors + a little noise, rounded to half stars),
 * so a recommender trained on them can learn something. Movies are picked with a long-tailed
 * popularity, so some films get many ratings and some none. The CSV files carry the quirks of
 * the real ones: quoted titles with commas and double quotes, titles without a year or with a
 * year range, trailing spaces, "(no genres listed)", empty tmdbIds, CRLF line endings.
 */
export function generateSyntheticMovieLens(options: SyntheticMovieLensOptions): SyntheticMovieLens {
  const { users, movies: movieCount, ratingsPerUser, seed } = checkOptions(options);
  const random = mulberry32(seed);

  const movies: MovieRecord[] = [];
  const movieLines: string[][] = [];
  const linkLines: string[][] = [];
  let movieId = 0;
  for (let i = 0; i < movieCount; i++) {
    movieId += randomInt(random, 1, 3);
    const { title, year, written } = syntheticTitle(random, i);
    const genres = i % 7 === 5 ? [] : syntheticGenres(random);
    const imdbId = String(randomInt(random, 1, 9_999_999)).padStart(7, '0');
    const tmdbId = i % 8 === 6 ? null : randomInt(random, 1, 500_000);
    movies.push({ movieId, title, year, genres, imdbId, tmdbId });
    movieLines.push([String(movieId), written, genres.length ? genres.join('|') : NO_GENRES]);
    linkLines.push([String(movieId), imdbId, tmdbId === null ? '' : String(tmdbId)]);
  }

  const movieTraits = movies.map(() => ({
    bias: uniform(random, 0.8),
    factors: randomFactors(random),
    // Long-tailed popularity: a few blockbusters, many rarely rated films.
    popularity: 1 / (1 + random() * movieCount) ** 0.8,
  }));

  const ratings: RatingRecord[] = [];
  for (let userId = 1; userId <= users; userId++) {
    const bias = uniform(random, 0.6);
    const factors = randomFactors(random);
    const firstTimestamp = randomInt(random, FIRST_TIMESTAMP, LAST_TIMESTAMP);
    const chosen = samplePopular(
      random,
      movieTraits.map((m) => m.popularity),
      ratingsPerUser,
    );
    for (const index of chosen.sort((a, b) => a - b)) {
      const movie = movieTraits[index];
      const record = movies[index];
      if (!movie || !record) continue;
      const score =
        GLOBAL_MEAN + bias + movie.bias + dot(factors, movie.factors) + uniform(random, 0.3);
      ratings.push({
        userId,
        movieId: record.movieId,
        rating: toHalfStars(score),
        timestamp: firstTimestamp + randomInt(random, 0, 90 * 86_400),
      });
    }
  }

  const ratingLines = ratings.map((r) => [
    String(r.userId),
    String(r.movieId),
    r.rating.toFixed(1),
    String(r.timestamp),
  ]);
  return {
    movies,
    ratings,
    files: {
      'movies.csv': formatCsv(MOVIELENS_HEADERS['movies.csv'], movieLines),
      'ratings.csv': formatCsv(MOVIELENS_HEADERS['ratings.csv'], ratingLines),
      'links.csv': formatCsv(MOVIELENS_HEADERS['links.csv'], linkLines),
    },
  };
}

/** Writes the generated ratings.csv, movies.csv and links.csv into `dir` (created if needed). */
export async function writeSyntheticMovieLens(
  dir: string,
  options: SyntheticMovieLensOptions,
): Promise<void> {
  const { files } = generateSyntheticMovieLens(options);
  await mkdir(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    await writeFile(join(dir, name), text, 'utf8');
  }
}

function checkOptions(options: SyntheticMovieLensOptions): SyntheticMovieLensOptions {
  const { users, movies, ratingsPerUser, seed } = options;
  const problems: string[] = [];
  if (!Number.isInteger(users) || users < 1) problems.push(`users must be >= 1 (got ${users})`);
  if (!Number.isInteger(movies) || movies < 1) problems.push(`movies must be >= 1 (got ${movies})`);
  if (!Number.isInteger(ratingsPerUser) || ratingsPerUser < 0 || ratingsPerUser > movies) {
    problems.push(`ratingsPerUser must be an integer in 0..movies (got ${ratingsPerUser})`);
  }
  if (!Number.isFinite(seed)) problems.push(`seed must be a finite number (got ${seed})`);
  if (problems.length) throw new RangeError(`generateSyntheticMovieLens: ${problems.join('; ')}`);
  return options;
}

/** The title as MovieRecord holds it, its year, and how movies.csv writes it. */
function syntheticTitle(
  random: () => number,
  index: number,
): { title: string; year: number | null; written: string } {
  const adjective = pick(random, ADJECTIVES);
  const noun = pick(random, NOUNS);
  const other = pick(random, NOUNS);
  const year = randomInt(random, 1920, 2018);
  switch (index % 6) {
    case 0:
      return { title: `${adjective} ${noun}`, year, written: `${adjective} ${noun} (${year})` };
    case 1: {
      // MovieLens moves a leading article to the end: "American President, The (1995)".
      const title = `${noun} of the ${other}, The`;
      return { title, year, written: `${title} (${year})` };
    }
    case 2: {
      const title = `${noun} "${adjective}" ${other}`;
      return { title, year, written: `${title} (${year})` };
    }
    case 3: {
      const title = `${adjective} ${noun}: The Series`;
      return { title, year: null, written: title };
    }
    case 4: {
      // A series' run: "Death Note: Desu nôto (2006–2007)" keeps its first year.
      const title = `${noun}, ${other} and Me`;
      return { title, year, written: `${title} (${year}\u2013${year + 1})` };
    }
    default: {
      const title = `${adjective} ${noun} (${pick(random, FOREIGN)})`;
      return { title, year, written: `${title} (${year}) ` };
    }
  }
}

function syntheticGenres(random: () => number): string[] {
  const count = randomInt(random, 1, 3);
  const chosen = new Set<string>();
  while (chosen.size < count) chosen.add(pick(random, MOVIELENS_GENRES));
  // MovieLens lists genres alphabetically, as MOVIELENS_GENRES is.
  return MOVIELENS_GENRES.filter((genre) => chosen.has(genre));
}

/** Weighted sampling without replacement (Efraimidis-Spirakis): `count` distinct indices. */
function samplePopular(random: () => number, weights: number[], count: number): number[] {
  const keys = weights.map((weight) => Math.log(random() || Number.MIN_VALUE) / weight);
  const order = keys.map((_, index) => index).sort((a, b) => (keys[b] ?? 0) - (keys[a] ?? 0));
  return order.slice(0, count);
}

function randomFactors(random: () => number): number[] {
  return Array.from({ length: FACTORS }, () => uniform(random, 0.9));
}

/** Uniform in [-spread, spread). */
function uniform(random: () => number, spread: number): number {
  return (random() * 2 - 1) * spread;
}

function dot(a: number[], b: number[]): number {
  return a.reduce((sum, value, i) => sum + value * (b[i] ?? 0), 0);
}

function toHalfStars(score: number): number {
  const rounded = Math.round(score / RATING_STEP) * RATING_STEP;
  return Math.min(MAX_RATING, Math.max(MIN_RATING, rounded));
}
