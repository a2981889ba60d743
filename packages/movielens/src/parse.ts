import { readCsvRows, type CsvRow } from './csv';
import { MOVIELENS_HEADERS, type MovieLensFileName, type MovieLensFiles } from './dataset-files';
import { MovieLensFormatError } from './errors';
import {
  FieldError,
  parseGenres,
  parseId,
  parseImdbId,
  parseRating,
  parseTimestamp,
  parseTitle,
  parseTmdbId,
} from './fields';
import type { MovieLensData, MovieRecord, RatingRecord } from './types';

/** A movies.csv row, before links.csv adds its external ids. */
export type MovieRow = Omit<MovieRecord, 'imdbId' | 'tmdbId'>;

export interface LinkRow {
  movieId: number;
  imdbId: string | null;
  tmdbId: number | null;
}

/** A parsed row and the line it came from, for errors found across rows or files. */
type Located<T> = T & { line: number };

export function parseRatingsCsv(content: string | Buffer): RatingRecord[] {
  return stripLines(readRatings(content));
}

export function parseMoviesCsv(content: string | Buffer): MovieRow[] {
  return stripLines(readMovies(content));
}

export function parseLinksCsv(content: string | Buffer): LinkRow[] {
  return stripLines(readLinks(content));
}

/**
 * Parses and cross-checks the three files: movie ids unique, each (user, movie) rated once,
 * every rating and link names a movie of movies.csv. Movies without a links.csv row get null ids.
 */
export function parseMovieLensFiles(
  files: MovieLensFiles,
  onProgress?: (message: string) => void,
): MovieLensData {
  const movies = parseMovieCatalog(files, onProgress);
  const movieIds = new Set(movies.map((movie) => movie.movieId));

  const ratingRows = readRatings(files['ratings.csv']);
  const rated = new Map<number, Map<number, number>>();
  for (const rating of ratingRows) {
    if (!movieIds.has(rating.movieId)) {
      fail('ratings.csv', rating.line, `movieId ${rating.movieId} is not in movies.csv`);
    }
    let byMovie = rated.get(rating.userId);
    if (!byMovie) rated.set(rating.userId, (byMovie = new Map()));
    const first = byMovie.get(rating.movieId);
    if (first !== undefined) {
      fail(
        'ratings.csv',
        rating.line,
        `user ${rating.userId} already rated movie ${rating.movieId} on line ${first}`,
      );
    }
    byMovie.set(rating.movieId, rating.line);
  }
  onProgress?.(`parsed ${ratingRows.length} ratings from ${rated.size} users`);
  return { movies, ratings: stripLines(ratingRows) };
}

/**
 * Parses movies.csv and links.csv and joins them: movie ids unique in each file, every link
 * names a movie of movies.csv; movies without a links.csv row get null ids.
 */
export function parseMovieCatalog(
  files: Pick<MovieLensFiles, 'movies.csv' | 'links.csv'>,
  onProgress?: (message: string) => void,
): MovieRecord[] {
  const movieRows = readMovies(files['movies.csv']);
  const movieLines = new Map<number, number>();
  for (const movie of movieRows) {
    const first = movieLines.get(movie.movieId);
    if (first !== undefined) {
      fail('movies.csv', movie.line, `movieId ${movie.movieId} already appears on line ${first}`);
    }
    movieLines.set(movie.movieId, movie.line);
  }
  onProgress?.(`parsed ${movieRows.length} movies`);

  const links = new Map<number, Located<LinkRow>>();
  for (const link of readLinks(files['links.csv'])) {
    const first = links.get(link.movieId);
    if (first) {
      fail('links.csv', link.line, `movieId ${link.movieId} already appears on line ${first.line}`);
    }
    if (!movieLines.has(link.movieId)) {
      fail('links.csv', link.line, `movieId ${link.movieId} is not in movies.csv`);
    }
    links.set(link.movieId, link);
  }
  onProgress?.(`parsed ${links.size} links`);

  return movieRows.map(({ line: _line, ...movie }): MovieRecord => {
    const link = links.get(movie.movieId);
    return { ...movie, imdbId: link?.imdbId ?? null, tmdbId: link?.tmdbId ?? null };
  });
}

function readRatings(content: string | Buffer): Located<RatingRecord>[] {
  return readRows('ratings.csv', content, ([userId, movieId, rating, timestamp]) => ({
    userId: parseId('userId', userId),
    movieId: parseId('movieId', movieId),
    rating: parseRating(rating),
    timestamp: parseTimestamp(timestamp),
  }));
}

function readMovies(content: string | Buffer): Located<MovieRow>[] {
  return readRows('movies.csv', content, ([movieId, title, genres]) => ({
    movieId: parseId('movieId', movieId),
    ...parseTitle(title),
    genres: parseGenres(genres),
  }));
}

function readLinks(content: string | Buffer): Located<LinkRow>[] {
  return readRows('links.csv', content, ([movieId, imdbId, tmdbId]) => ({
    movieId: parseId('movieId', movieId),
    imdbId: parseImdbId(imdbId),
    tmdbId: parseTmdbId(tmdbId),
  }));
}

/** Reads rows and converts each; a FieldError becomes a MovieLensFormatError at its line. */
function readRows<File extends MovieLensFileName, T>(
  file: File,
  content: string | Buffer,
  convert: (fields: CsvRow<(typeof MOVIELENS_HEADERS)[File]>['fields']) => T,
): Located<T>[] {
  return readCsvRows(file, content, MOVIELENS_HEADERS[file]).map(({ fields, line }) => {
    try {
      return { ...convert(fields), line };
    } catch (error) {
      if (error instanceof FieldError) fail(file, line, error.message);
      throw error;
    }
  });
}

function stripLines<T extends object>(rows: Located<T>[]): T[] {
  return rows.map(({ line: _line, ...row }) => row as T);
}

function fail(file: string, line: number, reason: string): never {
  throw new MovieLensFormatError(file, line, reason);
}
