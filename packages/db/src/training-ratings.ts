import type { Db } from './client';

/**
 * Every rating as parallel typed arrays, keyed by users.id and movies.id: the shape the NCF
 * trainer takes (structurally @marquee/ncf's TrainingTriples), plus the newest rating time.
 */
export interface TrainingRatings {
  userIds: Int32Array;
  movieIds: Int32Array;
  ratings: Float32Array;
  /** When the newest rating was made; null when there are none. */
  newestRatedAt: Date | null;
}

interface AggregatedRatings {
  user_ids: number[] | null;
  movie_ids: number[] | null;
  ratings: number[] | null;
  newest: Date | null;
}

/**
 * Reads all ratings (MovieLens and app users) in one query, ordered by user then movie so the
 * result is the same for the same data. The database aggregates the columns into three arrays,
 * so the driver decodes three values rather than one object per rating.
 */
export async function readTrainingRatings(db: Db): Promise<TrainingRatings> {
  const [row] = await db.$queryRawUnsafe<AggregatedRatings[]>(
    `SELECT array_agg(user_id ORDER BY user_id, movie_id) AS user_ids,
            array_agg(movie_id ORDER BY user_id, movie_id) AS movie_ids,
            array_agg(rating ORDER BY user_id, movie_id) AS ratings,
            max(rated_at) AS newest
     FROM ratings`,
  );
  return {
    userIds: Int32Array.from(row?.user_ids ?? []),
    movieIds: Int32Array.from(row?.movie_ids ?? []),
    ratings: Float32Array.from(row?.ratings ?? []),
    newestRatedAt: row?.newest ?? null,
  };
}

/** What the model may know of a film besides its ratings (structurally @marquee/ncf's FilmFacts). */
export interface FilmFacts {
  genres: string[];
  year: number | null;
}

/** Genres and release year of every film, by movies.id, in one query. */
export async function readFilmFacts(db: Db): Promise<Map<number, FilmFacts>> {
  const rows = await db.movie.findMany({
    select: { id: true, genres: true, year: true },
    orderBy: { id: 'asc' },
  });
  return new Map(rows.map((r) => [r.id, { genres: r.genres, year: r.year }]));
}
