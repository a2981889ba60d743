import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MAX_RATING, MIN_RATING, RATING_STEP } from '@marquee/contracts';
import { formatCsv } from './csv-format';
import { MOVIELENS_GENRES, MOVIELENS_HEADERS, NO_GENRES } from './dataset-files';
import { mulberry32, pick, randomInt } from './prng';
import { TasteChooser, type ChoiceFilm } from './synthetic-choice';
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

type Genre = (typeof MOVIELENS_GENRES)[number];

/**
 * The kinds of film the latent factors stand for, each named by a couple of genres (its main one
 * first). A film's genres come mostly from its strongest factors, and the same factors drive
 * both which films a user rates and how many stars they give, so genres carry taste as they do
 * in the real data: someone who likes Horror mostly rates Horror films, and likes them. The
 * genres named by no factor turn up only now and then, as a film's extra genre.
 */
const FACTOR_GENRES: readonly (readonly [Genre, Genre])[] = [
  ['Action', 'Adventure'],
  ['Comedy', 'Romance'],
  ['Drama', 'War'],
  ['Horror', 'Thriller'],
  ['Sci-Fi', 'Fantasy'],
  ['Children', 'Animation'],
];
const FACTORS = FACTOR_GENRES.length;
/**
 * How strongly taste sways which films a user rates: the chance of rating a film is
 * popularity × exp(TASTE × (user's factors · film's factors)). At 4, a typical film of a user's
 * favourite kind is about twenty times as likely as an equally popular film of a kind they are
 * indifferent to, so about half of a user's ratings are of their favourite kind (a sixth of the
 * catalogue), yet popular films of other kinds still get rated, as in the real data.
 */
const TASTE = 4;
/**
 * The base of every score, well below MovieLens's observed mean of 3.5: users mostly rate films
 * of their favourite kind (see TASTE), which they like, and that lifts the mean of the ratings
 * written back to about 3.5.
 */
const GLOBAL_MEAN = 2.85;
const FIRST_TIMESTAMP = 946684800; // 2000-01-01
const LAST_TIMESTAMP = 1535760000; // 2018-09-01

const ADJECTIVES = ['Silent', 'Broken', 'Golden', 'Last', 'Hidden', 'Crimson', 'Lost', 'Wild'];
const NOUNS = ['River', 'Summer', 'Empire', 'Stranger', 'Garden', 'Machine', 'Harbor', 'Night'];
const FOREIGN = ['Cité des rêves', 'Amélie du nord', 'Desu nôto', 'Los años', 'Die Straße'];

/**
 * Small MovieLens-shaped data, deterministic from the seed, for tests and demos on machines
 * without the real dataset. Ratings follow a latent-factor model (global mean + user bias +
 * movie bias + a dot product of small factor vectors + a little noise, rounded to half stars),
 * so a recommender trained on them can learn something. Which films a user rates follows the
 * same factors (see TASTE and TasteChooser) times a long-tailed popularity, so some films get
 * many ratings and some none, and which films someone rated says what they like, as it does in
 * the real data. A film's genres follow its strongest factors (see FACTOR_GENRES). The CSV files
 * carry the quirks of the real ones: quoted titles with commas and double quotes, titles without
 * a year or with a year range, trailing spaces, "(no genres listed)", empty tmdbIds, CRLF line
 * endings.
 */
export function generateSyntheticMovieLens(options: SyntheticMovieLensOptions): SyntheticMovieLens {
  const { users, movies: movieCount, ratingsPerUser, seed } = checkOptions(options);
  const random = mulberry32(seed);

  const movies: MovieRecord[] = [];
  const movieTraits: (ChoiceFilm & { bias: number })[] = [];
  const movieLines: string[][] = [];
  const linkLines: string[][] = [];
  let movieId = 0;
  for (let i = 0; i < movieCount; i++) {
    movieId += randomInt(random, 1, 3);
    const { title, year, written } = syntheticTitle(random, i);
    const { factors, primary, secondary } = filmFactors(random);
    // "(no genres listed)": rare in the real file (34 films of 9,742); one film in twenty keeps
    // the quirk in small test sets without hiding the taste that genres carry.
    const genres = i % 20 === 5 ? [] : filmGenres(random, primary, secondary);
    const imdbId = String(randomInt(random, 1, 9_999_999)).padStart(7, '0');
    const tmdbId = i % 8 === 6 ? null : randomInt(random, 1, 500_000);
    movies.push({ movieId, title, year, genres, imdbId, tmdbId });
    movieLines.push([String(movieId), written, genres.length ? genres.join('|') : NO_GENRES]);
    linkLines.push([String(movieId), imdbId, tmdbId === null ? '' : String(tmdbId)]);
    movieTraits.push({
      bias: uniform(random, 0.8),
      factors,
      // Long-tailed popularity: a few blockbusters, many rarely rated films.
      popularity: 1 / (1 + random() * movieCount) ** 0.8,
      // Films of one kind have alike factors, which keeps the chooser's bounds tight.
      group: primary * FACTORS + secondary,
    });
  }

  const chooser = new TasteChooser(movieTraits, TASTE);
  const ratings: RatingRecord[] = [];
  for (let userId = 1; userId <= users; userId++) {
    const bias = uniform(random, 0.6);
    const factors = userFactors(random);
    const firstTimestamp = randomInt(random, FIRST_TIMESTAMP, LAST_TIMESTAMP);
    const chosen = chooser.choose(random, factors, ratingsPerUser);
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

/**
 * A film's factors: mostly one kind of film (its primary factor), some of another (secondary),
 * a trace of the rest, so that its strongest factors can name its genres.
 */
function filmFactors(random: () => number): {
  factors: number[];
  primary: number;
  secondary: number;
} {
  const factors = Array.from({ length: FACTORS }, () => uniform(random, 0.15));
  const primary = randomInt(random, 0, FACTORS - 1);
  const secondary = (primary + randomInt(random, 1, FACTORS - 1)) % FACTORS;
  factors[primary] = 0.5 + 0.5 * random();
  factors[secondary] = 0.15 + 0.3 * random();
  return { factors, primary, secondary };
}

/**
 * One to three genres: first the primary factor's (mostly its main genre), then more of the
 * primary's pair, the secondary's main genre, or now and then any genre at all.
 */
function filmGenres(random: () => number, primary: number, secondary: number): string[] {
  const count = randomInt(random, 1, 3);
  const own = genresOf(primary);
  const chosen = new Set<string>([random() < 0.9 ? own[0] : own[1]]);
  while (chosen.size < count) {
    const draw = random();
    if (draw < 0.4) chosen.add(pick(random, own));
    else if (draw < 0.8) chosen.add(genresOf(secondary)[0]);
    else chosen.add(pick(random, MOVIELENS_GENRES));
  }
  // MovieLens lists genres alphabetically, as MOVIELENS_GENRES is.
  return MOVIELENS_GENRES.filter((genre) => chosen.has(genre));
}

function genresOf(factor: number): readonly [Genre, Genre] {
  const pair = FACTOR_GENRES[factor];
  if (!pair) throw new RangeError(`no factor ${factor}`);
  return pair;
}

/**
 * A user's factors: a favourite kind of film, liked clearly, and milder likes and dislikes of
 * the others, as most people have a genre they return to.
 */
function userFactors(random: () => number): number[] {
  const factors = Array.from({ length: FACTORS }, () => uniform(random, 0.3));
  factors[randomInt(random, 0, FACTORS - 1)] = 0.8 + 0.5 * random();
  return factors;
}

/** Uniform in [-spread, spread). */
function uniform(random: () => number, spread: number): number {
  return (random() * 2 - 1) * spread;
}

function dot(a: readonly number[], b: readonly number[]): number {
  return a.reduce((sum, value, i) => sum + value * (b[i] ?? 0), 0);
}

function toHalfStars(score: number): number {
  const rounded = Math.round(score / RATING_STEP) * RATING_STEP;
  return Math.min(MAX_RATING, Math.max(MIN_RATING, rounded));
}
