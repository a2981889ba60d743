export * from './types';
export { MovieLensFormatError, MovieLensSourceError } from './errors';
export {
  DEFAULT_MOVIELENS_URL,
  MOVIELENS_GENRES,
  MOVIELENS_HEADERS,
  NO_GENRES,
  type MovieLensFileName,
  type MovieLensFiles,
} from './dataset-files';
export {
  parseLinksCsv,
  parseMovieLensFiles,
  parseMoviesCsv,
  parseRatingsCsv,
  type LinkRow,
  type MovieRow,
} from './parse';
export { parseTitle } from './fields';
export { loadMovieLens, type LoadMovieLensOptions } from './load';
export {
  generateSyntheticMovieLens,
  writeSyntheticMovieLens,
  type SyntheticMovieLens,
  type SyntheticMovieLensOptions,
} from './synthetic';
