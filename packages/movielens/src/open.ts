import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DATASET_FOLDER } from './dataset-files';
import { DuplicateRatingCheck } from './duplicate-ratings';
import { MovieLensFormatError } from './errors';
import { hasDatasetFiles } from './folder';
import { loadMovieLens, type LoadMovieLensOptions } from './load';
import { parseMovieCatalog } from './parse';
import { streamRatings, type RatingsBatch, type RatingsInput } from './ratings-stream';
import { findRelease } from './releases';
import type { MovieLensData, MovieRecord } from './types';

/**
 * A MovieLens dataset whose movies are in memory (tens of thousands) and whose ratings are
 * read as a stream (up to tens of millions).
 */
export interface MovieLensStream {
  /** The folder (or zip) the files come from. */
  source: string;
  movies: MovieRecord[];
  /**
   * Reads the ratings from the start, in batches, each row checked and located (file line);
   * a rating of a movie not in `movies` fails naming its line. Each call reads them again.
   */
  ratings(options?: { batchSize?: number }): AsyncGenerator<RatingsBatch>;
}

/**
 * Opens MovieLens for streaming. A folder given as `source` or env MOVIELENS_DIR (the CSVs in it
 * or in its <dataset>/ subfolder) is streamed from disk: memory does not grow with the number
 * of ratings. Anything else (a zip, the download cache, a download) is what loadMovieLens
 * finds, checks and holds in memory, then served through the same interface.
 */
export async function openMovieLens(options: LoadMovieLensOptions = {}): Promise<MovieLensStream> {
  const env = options.env ?? process.env;
  const folder = await findSourceFolder(options, env);
  if (folder === null) return movieLensStreamOf(await loadMovieLens(options));

  options.onProgress?.(`reading MovieLens from ${folder}`);
  const [moviesCsv, linksCsv] = await Promise.all(
    ['movies.csv', 'links.csv'].map((name) => readFile(join(folder, name))),
  );
  const movies = parseMovieCatalog(
    { 'movies.csv': moviesCsv as Buffer, 'links.csv': linksCsv as Buffer },
    options.onProgress,
  );
  return streamOf(folder, movies, { path: join(folder, 'ratings.csv') });
}

/**
 * Data already in memory (and already checked, e.g. by loadMovieLens) as a MovieLensStream.
 * Lines are those of a ratings.csv written from it: the header, then one row per rating.
 */
export function movieLensStreamOf(data: MovieLensData & { source?: string }): MovieLensStream {
  const movieIds = new Set(data.movies.map((movie) => movie.movieId));
  return {
    source: data.source ?? 'memory',
    movies: data.movies,
    async *ratings({ batchSize = 10_000 } = {}) {
      const { ratings } = data;
      const duplicates = new DuplicateRatingCheck();
      for (let start = 0; start < ratings.length; start += batchSize) {
        const rows = ratings.slice(start, start + batchSize).map((rating, i) => {
          const row = { ...rating, line: start + i + 2 };
          if (!movieIds.has(rating.movieId)) {
            const reason = `movieId ${rating.movieId} is not in movies.csv`;
            throw new MovieLensFormatError('ratings.csv', row.line, reason);
          }
          duplicates.check(row);
          return row;
        });
        const done = start + rows.length;
        yield { rows, done, total: ratings.length, duplicatesChecked: duplicates.complete };
      }
    },
  };
}

function streamOf(source: string, movies: MovieRecord[], input: RatingsInput): MovieLensStream {
  const movieIds = new Set(movies.map((movie) => movie.movieId));
  return {
    source,
    movies,
    ratings: (options = {}) => streamRatings(input, { ...options, movieIds }),
  };
}

/** The folder holding the CSVs when `source` or MOVIELENS_DIR names one; else null. */
async function findSourceFolder(
  options: LoadMovieLensOptions,
  env: NodeJS.ProcessEnv,
): Promise<string | null> {
  const path = options.source || env.MOVIELENS_DIR;
  if (!path) return null;
  // The release names the subfolder looked in, as loadMovieLens does (and checks the name).
  const release = options.dataset
    ? findRelease(options.dataset, 'dataset')
    : findRelease(env.MOVIELENS_DATASET || DATASET_FOLDER);
  const absolute = resolve(path);
  if (!(await isDirectory(absolute))) return null;
  for (const folder of [absolute, join(absolute, release.name)]) {
    if (await hasDatasetFiles(folder)) return folder;
  }
  return null;
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
