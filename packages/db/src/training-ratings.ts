import { Client } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { readFixedWidthRows } from './binary-copy';
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

/** Told how many ratings have been read of how many there are. */
export type ReadProgress = (read: number, total: number) => void;

/** How often (in ratings) progress is told. */
const PROGRESS_EVERY = 1_000_000;

/**
 * Reads all ratings (MovieLens and app users), ordered by user then movie so the result is the
 * same for the same data. They are streamed with binary COPY into arrays sized from a count
 * taken in the same snapshot: 12 bytes a rating and no object per row, so 32 million ratings
 * take 384 MB, read at the speed of the connection.
 */
export async function readTrainingRatings(
  databaseUrl: string,
  onProgress?: ReadProgress,
): Promise<TrainingRatings> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const { rows } = await client.query<{ total: string; newest: Date | null }>(
      'SELECT count(*) AS total, max(rated_at) AS newest FROM ratings',
    );
    const total = Number(rows[0]?.total ?? 0);
    const userIds = new Int32Array(total);
    const movieIds = new Int32Array(total);
    const ratings = new Float32Array(total);
    let read = 0;
    const stream = client.query(
      copyTo(
        `COPY (SELECT user_id, movie_id, rating FROM ratings ORDER BY user_id, movie_id)
         TO STDOUT (FORMAT binary)`,
      ),
    );
    await readFixedWidthRows(stream, [4, 4, 4], (data, at) => {
      if (read === total) throw new Error(`ratings: more rows than the ${total} counted`);
      userIds[read] = data.readInt32BE(at[0]);
      movieIds[read] = data.readInt32BE(at[1]);
      ratings[read] = data.readFloatBE(at[2]);
      read++;
      if (read % PROGRESS_EVERY === 0) onProgress?.(read, total);
    });
    await client.query('COMMIT');
    if (read !== total) throw new Error(`ratings: ${read} rows read, ${total} counted`);
    onProgress?.(read, total);
    return { userIds, movieIds, ratings, newestRatedAt: rows[0]?.newest ?? null };
  } finally {
    await client.end();
  }
}

/**
 * What the model may know of a movie besides its ratings (structurally @marquee/ncf's MovieFacts).
 */
export interface MovieFacts {
  genres: string[];
  year: number | null;
}

/** Genres and release year of every movie, by movies.id, in one query. */
export async function readMovieFacts(db: Db): Promise<Map<number, MovieFacts>> {
  const rows = await db.movie.findMany({
    select: { id: true, genres: true, year: true },
    orderBy: { id: 'asc' },
  });
  return new Map(rows.map((r) => [r.id, { genres: r.genres, year: r.year }]));
}
