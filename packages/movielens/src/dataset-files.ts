/** The files of ml-latest-small this package reads, with their exact header rows. */
export const MOVIELENS_HEADERS = {
  'ratings.csv': ['userId', 'movieId', 'rating', 'timestamp'],
  'movies.csv': ['movieId', 'title', 'genres'],
  'links.csv': ['movieId', 'imdbId', 'tmdbId'],
} as const;

export type MovieLensFileName = keyof typeof MOVIELENS_HEADERS;

export const MOVIELENS_FILE_NAMES = Object.keys(MOVIELENS_HEADERS) as MovieLensFileName[];

/** The three CSV files' contents, as read from disk or a zip (Buffer) or generated (string). */
export type MovieLensFiles = Record<MovieLensFileName, string | Buffer>;

/** The folder name inside the official zip. */
export const DATASET_FOLDER = 'ml-latest-small';

export const DEFAULT_MOVIELENS_URL =
  'https://files.grouplens.org/datasets/movielens/ml-latest-small.zip';

/** What movies.csv writes when a movie has no genre. */
export const NO_GENRES = '(no genres listed)';

/** The genres MovieLens uses: the catalogue lives in @marquee/contracts (the API filters by it). */
export { MOVIELENS_GENRES } from '@marquee/contracts';
