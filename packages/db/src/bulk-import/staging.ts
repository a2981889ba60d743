import type { RatingsBatch } from '@marquee/movielens';
import type { ClientBase } from 'pg';
import { copyIn } from './copy-in';

/**
 * The ratings of one import, as read (MovieLens user ids, the file's line of each row), before
 * they go into users and ratings. UNLOGGED: no WAL for rows that live one transaction. Created
 * inside the import's transaction, so a failed or interrupted import leaves no trace of it.
 */
export const STAGING_TABLE = 'movielens_import_ratings';

export async function createStagingTable(client: ClientBase): Promise<void> {
  await client.query(
    `CREATE UNLOGGED TABLE ${STAGING_TABLE} (
       movielens_user_id integer NOT NULL,
       movie_id integer NOT NULL,
       rating real NOT NULL,
       rated_at_seconds bigint NOT NULL,
       line integer NOT NULL
     )`,
  );
}

/**
 * Streams every batch into the staging table with COPY; `onBatch` hears of each batch once it
 * is handed to the connection. Returns the rows copied.
 */
export async function copyIntoStaging(
  client: ClientBase,
  batches: AsyncIterable<RatingsBatch>,
  onBatch: (batch: RatingsBatch) => void,
): Promise<number> {
  // FREEZE: the table is new in this transaction, so its rows can be written already frozen
  // (no hint-bit rewrite of every page when it is read next).
  const sql =
    `COPY ${STAGING_TABLE} (movielens_user_id, movie_id, rating, rated_at_seconds, line) ` +
    'FROM STDIN WITH (FREEZE)';
  return copyIn(client, sql, encode(batches, onBatch));
}

/** COPY's text format: one line per row, tab-separated; every field is a plain number. */
async function* encode(
  batches: AsyncIterable<RatingsBatch>,
  onBatch: (batch: RatingsBatch) => void,
): AsyncGenerator<string> {
  for await (const batch of batches) {
    let text = '';
    for (const r of batch.rows) {
      text += `${r.userId}\t${r.movieId}\t${r.rating}\t${r.timestamp}\t${r.line}\n`;
    }
    yield text;
    onBatch(batch);
  }
}

/**
 * Indexes the staged (user, movie) pairs as unique: fails with unique_violation when a pair
 * was staged twice. One sort of the table (about 30 s for 32 million rows), several times
 * faster than grouping it.
 */
export async function indexStagedPairs(client: ClientBase): Promise<void> {
  await client.query(
    `CREATE UNIQUE INDEX ${STAGING_TABLE}_pair ON ${STAGING_TABLE} (movielens_user_id, movie_id)`,
  );
}

/** A (user, movie) pair rated twice in the file: where it was first and where again. */
export interface DuplicateRating {
  userId: number;
  movieId: number;
  firstLine: number;
  line: number;
}

/**
 * The pair rated again at the earliest line, or null when each pair appears once. Groups the
 * whole table (minutes for tens of millions of rows): for saying where, once a unique index
 * failed.
 */
export async function findDuplicateRating(client: ClientBase): Promise<DuplicateRating | null> {
  const { rows } = await client.query<DuplicateRating>(
    `WITH twice AS (
       SELECT movielens_user_id, movie_id FROM ${STAGING_TABLE}
       GROUP BY movielens_user_id, movie_id HAVING count(*) > 1
     ), located AS (
       SELECT s.movielens_user_id, s.movie_id, s.line,
              min(s.line) OVER (PARTITION BY s.movielens_user_id, s.movie_id) AS first_line
       FROM ${STAGING_TABLE} s JOIN twice USING (movielens_user_id, movie_id)
     )
     SELECT movielens_user_id AS "userId", movie_id AS "movieId",
            first_line AS "firstLine", line
     FROM located WHERE line > first_line ORDER BY line LIMIT 1`,
  );
  return rows[0] ?? null;
}
