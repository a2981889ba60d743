import type { MovieRecord } from '@marquee/movielens';

/**
 * Inserts a batch of movies given as one JSON parameter ($1, see movieRowsParameter): genres are
 * a variable-length array per row, which unnest() cannot carry. Movies already there are kept.
 */
export const INSERT_MOVIES_SQL = `INSERT INTO movies (id, title, year, genres, imdb_id, tmdb_id)
     SELECT m.id, m.title, m.year, ARRAY(SELECT jsonb_array_elements_text(m.genres)),
            m.imdb_id, m.tmdb_id
     FROM jsonb_to_recordset($1::jsonb)
          AS m(id int, title text, year int, genres jsonb, imdb_id text, tmdb_id int)
     ON CONFLICT (id) DO NOTHING`;

/** The movies as the JSON parameter of INSERT_MOVIES_SQL. */
export function movieRowsParameter(movies: readonly MovieRecord[]): string {
  return JSON.stringify(
    movies.map((m) => ({
      id: m.movieId,
      title: m.title,
      year: m.year,
      genres: m.genres,
      imdb_id: m.imdbId,
      tmdb_id: m.tmdbId,
    })),
  );
}
