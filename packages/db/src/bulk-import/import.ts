import { MovieLensFormatError, type MovieLensStream } from '@marquee/movielens';
import { Client, DatabaseError, type ClientBase } from 'pg';
import { IMPORT_LOCK_KEY } from '../import-lock';
import { INSERT_MOVIES_SQL, movieRowsParameter } from '../movie-rows';
import type { ImportCounts } from '../movielens-import';
import { insertStagedRatings, insertStagedUsers } from './from-staging';
import { ReadProgress, type BulkImportEvent, type BulkImportMode } from './progress';
import { dropRatingsKeys, restoreRatingsKeys } from './ratings-keys';
import {
  copyIntoStaging,
  createStagingTable,
  findDuplicateRating,
  indexStagedPairs,
  STAGING_TABLE,
} from './staging';

export interface BulkImportOptions {
  /** Ratings per batch read from the file and sent to COPY (default 10,000). */
  batchSize?: number;
  /** Movies per INSERT (default 10,000). */
  movieBatchSize?: number;
  /** Least time between two `read` events (default 5,000 ms; the last one always comes). */
  progressIntervalMs?: number;
}

export interface BulkImportResult {
  /** Rows inserted (rows already present are not counted). */
  inserted: ImportCounts;
  /** Rows of ratings.csv read. */
  ratingsRead: number;
  mode: BulkImportMode;
}

/** Memory for this transaction's sorts, hashes and index builds (the server defaults are small). */
const SESSION_SETTINGS = ["SET LOCAL work_mem = '256MB'", "SET LOCAL maintenance_work_mem = '1GB'"];
const UNIQUE_VIOLATION = '23505';

/**
 * Imports a MovieLens dataset of any size into the database at `databaseUrl`, streaming its
 * ratings through COPY into a staging table, then set-based into users and ratings.
 *
 * All or nothing: one transaction, so a failure (a bad row, named with its file and line; a
 * rating given twice; the database) or an interruption leaves the database as it was, and a
 * rerun does the whole job. Idempotent: rows already present are kept, so a second run inserts
 * nothing. When ratings is empty at the start (a first import) its primary key, indexes and
 * foreign keys are dropped and built again after the load, under the same names and
 * definitions; the table is locked (ACCESS EXCLUSIVE) until the commit. Otherwise the ratings
 * are merged with ON CONFLICT DO NOTHING, and other sessions keep reading.
 */
export async function bulkImportMovieLens(
  databaseUrl: string,
  dataset: MovieLensStream,
  onProgress: (event: BulkImportEvent) => void = () => undefined,
  options: BulkImportOptions = {},
): Promise<BulkImportResult> {
  const client = new Client({ connectionString: databaseUrl });
  // A connection the server drops fails the query in flight; without a listener it would also
  // end the process.
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query('BEGIN');
    try {
      const result = await importInTransaction(client, dataset, onProgress, options);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  } finally {
    await client.end();
  }
}

async function importInTransaction(
  client: ClientBase,
  dataset: MovieLensStream,
  onProgress: (event: BulkImportEvent) => void,
  options: BulkImportOptions,
): Promise<BulkImportResult> {
  const started = Date.now();
  const since = (from: number) => (Date.now() - from) / 1000;
  await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [IMPORT_LOCK_KEY]);
  for (const setting of SESSION_SETTINGS) await client.query(setting);

  const inserted: ImportCounts = { movies: 0, users: 0, ratings: 0 };
  inserted.movies = await insertMovies(
    client,
    dataset,
    options.movieBatchSize ?? 10_000,
    onProgress,
  );

  await createStagingTable(client);
  const readStarted = Date.now();
  const reader = new ReadProgress(options.progressIntervalMs ?? 5_000, readStarted, onProgress);
  // Whether the reader checked every (user, movie) pair for duplicates (see RatingsBatch).
  let duplicatesChecked = true;
  const ratingsRead = await copyIntoStaging(
    client,
    dataset.ratings({ batchSize: options.batchSize }),
    (batch) => {
      duplicatesChecked = batch.duplicatesChecked;
      reader.add(batch);
    },
  );
  reader.finish();
  await client.query(`ANALYZE ${STAGING_TABLE}`);

  let stepStarted = Date.now();
  inserted.users = await insertStagedUsers(client);
  onProgress({ stage: 'users', inserted: inserted.users, seconds: since(stepStarted) });

  const mode: BulkImportMode = (await lockIfEmpty(client)) ? 'load' : 'merge';
  stepStarted = Date.now();
  if (mode === 'load') {
    const keys = await dropRatingsKeys(client);
    inserted.ratings = await insertStagedRatings(client, false);
    onProgress({ stage: 'ratings', mode, inserted: inserted.ratings, seconds: since(stepStarted) });
    // A pair rated twice fails the primary key.
    await namingDuplicates(client, () =>
      restoreRatingsKeys(client, keys, (name, seconds) =>
        onProgress({ stage: 'key', name, seconds }),
      ),
    );
  } else {
    if (!duplicatesChecked) {
      // ON CONFLICT would silently keep one of a pair rated twice: look for them first.
      await namingDuplicates(client, () => indexStagedPairs(client));
      onProgress({ stage: 'duplicates', seconds: since(stepStarted) });
      stepStarted = Date.now();
    }
    inserted.ratings = await insertStagedRatings(client, true);
    onProgress({ stage: 'ratings', mode, inserted: inserted.ratings, seconds: since(stepStarted) });
  }
  await client.query(`DROP TABLE ${STAGING_TABLE}`);
  // Autovacuum would analyze the new rows only later: until then a first user's query on a
  // ratings table of millions of rows is planned as if it were empty or as it was before.
  stepStarted = Date.now();
  await client.query('ANALYZE movies, users, ratings, movie_rating_stats');
  onProgress({ stage: 'analyze', seconds: since(stepStarted) });
  onProgress({ stage: 'commit', seconds: since(started) });
  return { inserted, ratingsRead, mode };
}

async function insertMovies(
  client: ClientBase,
  dataset: MovieLensStream,
  batchSize: number,
  onProgress: (event: BulkImportEvent) => void,
): Promise<number> {
  const { movies } = dataset;
  let inserted = 0;
  for (let start = 0; start < movies.length; start += batchSize) {
    const batch = movies.slice(start, start + batchSize);
    const result = await client.query(INSERT_MOVIES_SQL, [movieRowsParameter(batch)]);
    inserted += result.rowCount ?? 0;
    const processed = start + batch.length;
    onProgress({ stage: 'movies', processed, total: movies.length, inserted });
  }
  return inserted;
}

/**
 * True, with ratings locked against every other session until the commit, when the table has
 * no row; false (and no lock) otherwise.
 */
async function lockIfEmpty(client: ClientBase): Promise<boolean> {
  const isEmpty = async () =>
    (await client.query<{ empty: boolean }>('SELECT NOT EXISTS (SELECT 1 FROM ratings) AS empty'))
      .rows[0]?.empty === true;
  if (!(await isEmpty())) return false;
  await client.query('LOCK TABLE ratings IN ACCESS EXCLUSIVE MODE');
  // A rating may have come in before the lock was granted.
  return isEmpty();
}

/**
 * Runs `step`; when it fails on a unique key, throws a MovieLensFormatError naming the lines of
 * the pair rated twice instead (the database error itself if none is found in staging).
 */
async function namingDuplicates(client: ClientBase, step: () => Promise<void>): Promise<void> {
  await client.query('SAVEPOINT unique_step');
  try {
    await step();
  } catch (error) {
    if (!(error instanceof DatabaseError && error.code === UNIQUE_VIOLATION)) throw error;
    await client.query('ROLLBACK TO SAVEPOINT unique_step');
    const duplicate = await findDuplicateRating(client);
    if (!duplicate) throw error;
    const { userId, movieId, firstLine, line } = duplicate;
    throw new MovieLensFormatError(
      'ratings.csv',
      line,
      `user ${userId} already rated movie ${movieId} on line ${firstLine}`,
    );
  }
  await client.query('RELEASE SAVEPOINT unique_step');
}
