import type { ClientBase } from 'pg';
import { STAGING_TABLE } from './staging';

/**
 * Set-based moves from the staging table into the real tables. Ratings reference users.id, the
 * MovieLens user id is users.movielens_id; rated_at is a timestamp without time zone holding
 * UTC, as Prisma reads it.
 */

/**
 * Adds a users row of kind MOVIELENS for each MovieLens user of the staging table that has
 * none yet, in MovieLens id order. Returns how many were added.
 */
export async function insertStagedUsers(client: ClientBase): Promise<number> {
  // NOT EXISTS keeps a rerun from drawing (and wasting) ids from the users sequence, which
  // ON CONFLICT alone would do.
  const result = await client.query(
    `INSERT INTO users (kind, movielens_id)
     SELECT 'MOVIELENS', s.movielens_user_id
     FROM (SELECT DISTINCT movielens_user_id FROM ${STAGING_TABLE}) s
     WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.movielens_id = s.movielens_user_id)
     ORDER BY s.movielens_user_id
     ON CONFLICT (movielens_id) DO NOTHING`,
  );
  return result.rowCount ?? 0;
}

/**
 * Inserts every staged rating. `merge`: ratings already there are kept (ON CONFLICT DO
 * NOTHING, which needs the primary key in place); otherwise the table must have no primary
 * key (see dropRatingsKeys), and every row goes in. Returns how many were inserted.
 */
export async function insertStagedRatings(client: ClientBase, merge: boolean): Promise<number> {
  const result = await client.query(
    `INSERT INTO ratings (user_id, movie_id, rating, rated_at)
     SELECT u.id, s.movie_id, s.rating,
            timestamp '1970-01-01 00:00:00' + s.rated_at_seconds * interval '1 second'
     FROM ${STAGING_TABLE} s JOIN users u ON u.movielens_id = s.movielens_user_id
     ${merge ? 'ON CONFLICT (user_id, movie_id) DO NOTHING' : ''}`,
  );
  return result.rowCount ?? 0;
}
