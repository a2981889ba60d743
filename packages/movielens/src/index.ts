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
  parseMovieCatalog,
  parseMovieLensFiles,
  parseMoviesCsv,
  parseRatingsCsv,
  type LinkRow,
  type MovieRow,
} from './parse';
export { parseTitle } from './fields';
export { loadMovieLens, type LoadMovieLensOptions } from './load';
export {
  MOVIELENS_RELEASES,
  findRelease,
  type MovieLensRelease,
  type MovieLensReleaseName,
} from './releases';
export {
  generateSyntheticMovieLens,
  writeSyntheticMovieLens,
  type SyntheticMovieLens,
  type SyntheticMovieLensOptions,
} from './synthetic';
export {
  writeSyntheticRelease,
  type SyntheticProgress,
  type SyntheticReleaseOptions,
  type SyntheticReleaseSummary,
} from './synthetic-stream';
export { MOVIELENS_MIN_RATINGS_PER_USER } from './synthetic-activity';
export { movieLensStreamOf, openMovieLens, type MovieLensStream } from './open';
export {
  streamRatings,
  type LocatedRating,
  type RatingsBatch,
  type RatingsInput,
  type StreamRatingsOptions,
} from './ratings-stream';
export {
  parseCliOptions,
  runAsMain,
  runCliCapturing,
  runCommand,
  UsageError,
  type Cli,
  type CliIo,
  type CliOptionSpec,
  type CliOptions,
} from './cli-runner';
