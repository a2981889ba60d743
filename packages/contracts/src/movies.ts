/** What the API knows of movies beyond their ids: genres and decades, for filters. */

/** The genres MovieLens uses (its README's list): the recommendations' genre filter. */
export const MOVIELENS_GENRES = [
  'Action',
  'Adventure',
  'Animation',
  'Children',
  'Comedy',
  'Crime',
  'Documentary',
  'Drama',
  'Fantasy',
  'Film-Noir',
  'Horror',
  'IMAX',
  'Musical',
  'Mystery',
  'Romance',
  'Sci-Fi',
  'Thriller',
  'War',
  'Western',
] as const;
export type Genre = (typeof MOVIELENS_GENRES)[number];

/** The decades the recommendations' decade filter takes: 1870 (the oldest movies) to 2090. */
export const MIN_DECADE = 1870;
export const MAX_DECADE = 2090;

/**
 * What a list of recommendations is limited to: movies of one genre, of one decade (a movie of
 * 1990 to 1999 for 1990), or both. Chosen from the whole catalogue before the top-k step.
 */
export interface RecommendationFilter {
  genre?: Genre;
  decade?: number;
}

/** Whether a filter limits the movies at all (has a genre or a decade). */
export function isFiltering(filter: RecommendationFilter): boolean {
  return filter.genre !== undefined || filter.decade !== undefined;
}

/** Whether a movie (its genres and year) passes a filter; no filter passes every movie. */
export function matchesFilter(
  movie: { genres: readonly string[]; year: number | null },
  filter: RecommendationFilter,
): boolean {
  if (filter.genre !== undefined && !movie.genres.includes(filter.genre)) return false;
  if (filter.decade !== undefined) {
    if (movie.year === null || movie.year < filter.decade || movie.year >= filter.decade + 10) {
      return false;
    }
  }
  return true;
}
