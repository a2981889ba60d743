import type { Movie as MovieRow } from '../generated/prisma/client';

/** The columns a movie's API shape needs, with what poster lookups need: a Prisma `select`. */
export const MOVIE_COLUMNS = {
  id: true,
  title: true,
  year: true,
  genres: true,
  tmdbId: true,
  posterPath: true,
  posterCheckedAt: true,
} as const;

/** A movie row as MOVIE_COLUMNS selects it. */
export type MovieColumns = Pick<MovieRow, keyof typeof MOVIE_COLUMNS>;
