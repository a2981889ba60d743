import type { MovieRow } from '@marquee/db';

/** The columns a Movie DTO needs (with what poster lookups need). */
export const MOVIE_COLUMNS = {
  id: true,
  title: true,
  year: true,
  genres: true,
  tmdbId: true,
  posterPath: true,
  posterCheckedAt: true,
} as const;

export type MovieColumns = Pick<
  MovieRow,
  'id' | 'title' | 'year' | 'genres' | 'tmdbId' | 'posterPath' | 'posterCheckedAt'
>;
