import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  MovieLensFormatError,
  parseMoviesCsv,
  parseRatingsCsv,
  type RatingRecord,
} from '@marquee/movielens';
import { movieFeatureTokens } from '@marquee/ncf';

/** A user-facing input problem (missing file, bad row, empty data); the CLI prints its message. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/**
 * Reads a MovieLens-format ratings.csv. Rows are validated by @marquee/movielens (ids, ratings
 * in 0.5..5, NaN rejected); errors name the path and line. A file without ratings is an error,
 * and so is a (user, movie) pair rated twice.
 */
export async function readRatingsFile(path: string): Promise<RatingRecord[]> {
  const content = await readInput(path);
  let ratings: RatingRecord[];
  try {
    ratings = parseRatingsCsv(content);
  } catch (error) {
    if (error instanceof MovieLensFormatError) {
      throw new InputError(`${path} line ${error.line}: ${error.reason}`);
    }
    throw error;
  }
  if (ratings.length === 0) throw new InputError(`${path}: no ratings (only a header)`);
  const seen = new Set<string>();
  ratings.forEach(({ userId, movieId }, i) => {
    const key = `${userId}:${movieId}`;
    if (seen.has(key)) {
      // Data rows start on line 2; blank lines are rare enough not to track here.
      throw new InputError(`${path}: user ${userId} rates movie ${movieId} twice (row ${i + 1})`);
    }
    seen.add(key);
  });
  return ratings;
}

/** The movie ids of a MovieLens movies.csv. */
/** The movies of a movies.csv: their ids and their feature tokens (genres, decade). */
export interface MoviesInput {
  movieIds: Set<number>;
  movieFeatures: Map<number, string[]>;
}

export async function readMovies(path: string): Promise<MoviesInput> {
  const content = await readInput(path);
  try {
    const movies = parseMoviesCsv(content);
    if (movies.length === 0) throw new InputError(`${path}: no movies (only a header)`);
    return {
      movieIds: new Set(movies.map((m) => m.movieId)),
      movieFeatures: new Map(movies.map((m) => [m.movieId, movieFeatureTokens(m)])),
    };
  } catch (error) {
    if (error instanceof MovieLensFormatError) {
      throw new InputError(`${path} line ${error.line}: ${error.reason}`);
    }
    throw error;
  }
}

/**
 * The movies.csv that goes with a --data argument: inside the folder, or beside the ratings
 * file; undefined when there is none.
 */
export async function moviesBeside(dataPath: string): Promise<string | undefined> {
  const info = await stat(dataPath).catch(() => undefined);
  const candidate = join(info?.isDirectory() ? dataPath : dirname(dataPath), 'movies.csv');
  return (await stat(candidate).catch(() => undefined))?.isFile() ? candidate : undefined;
}

/** Fails naming the first rating whose movie is not in movies.csv. */
export function assertMoviesKnown(ratings: RatingRecord[], movieIds: Set<number>, label: string) {
  const unknown = ratings.find((r) => !movieIds.has(r.movieId));
  if (unknown) {
    throw new InputError(
      `${label}: movie ${unknown.movieId} (user ${unknown.userId}) is not in movies.csv`,
    );
  }
}

/** A ratings.csv path, or a MovieLens folder holding one. */
export async function resolveRatingsPath(dataPath: string): Promise<string> {
  const info = await stat(dataPath).catch(() => {
    throw new InputError(`${dataPath}: no such file or folder`);
  });
  return info.isDirectory() ? join(dataPath, 'ratings.csv') : dataPath;
}

async function readInput(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(`${path}: no such file`);
    if (code === 'EISDIR') throw new InputError(`${path}: is a folder, expected a CSV file`);
    throw error;
  }
}
