import type { MovieLensData, MovieRecord, RatingRecord } from '@marquee/movielens';
import { MAX_RATING, MIN_RATING, RATING_STEP } from '@marquee/contracts';
import type { Db } from './client';
import { DbError } from './errors';
import { IMPORT_LOCK_KEY } from './import-lock';
import { INSERT_MOVIES_SQL, movieRowsParameter } from './movie-rows';
import type { Prisma } from './generated/prisma/client';

/** Rows inserted by one import (rows that were already there are not counted). */
export interface ImportCounts {
  movies: number;
  users: number;
  ratings: number;
}

export type ImportStage = 'movies' | 'users' | 'ratings';

export interface ImportProgress {
  stage: ImportStage;
  /** Records of this stage handled so far, out of `total`. */
  processed: number;
  total: number;
  /** Rows inserted so far, all stages. */
  inserted: ImportCounts;
}

export interface ImportOptions {
  /** Rows per INSERT statement (default 10,000). */
  batchSize?: number;
}

const DEFAULT_BATCH_SIZE = 10_000;
/** Long enough for the larger MovieLens sets; Prisma's default (5 s) is for short transactions. */
const TRANSACTION_TIMEOUT_MS = 60 * 60_000;
const MAX_PROBLEMS_SHOWN = 5;

/**
 * Imports MovieLens movies, users and ratings. Batched multi-row inserts, all in one
 * transaction: either everything is imported or nothing is, so a failed run leaves no half
 * import and a rerun does the whole job. Rows already present are left as they are
 * (ON CONFLICT DO NOTHING), so running it twice inserts nothing the second time.
 *
 * MovieLens users become `users` rows of kind MOVIELENS; ratings reference their `users.id`.
 */
export async function importMovieLens(
  db: Db,
  data: MovieLensData,
  onProgress?: (progress: ImportProgress) => void,
  options: ImportOptions = {},
): Promise<ImportCounts> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  }
  validate(data);
  const movielensUserIds = [...new Set(data.ratings.map((r) => r.userId))].sort((a, b) => a - b);

  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${IMPORT_LOCK_KEY}))`;
      const inserted: ImportCounts = { movies: 0, users: 0, ratings: 0 };
      const report = (stage: ImportStage, processed: number, total: number) =>
        onProgress?.({ stage, processed, total, inserted: { ...inserted } });

      await forEachBatch(data.movies, batchSize, async (batch, processed) => {
        inserted.movies += await insertMovies(tx, batch);
        report('movies', processed, data.movies.length);
      });
      await forEachBatch(movielensUserIds, batchSize, async (batch, processed) => {
        inserted.users += await insertUsers(tx, batch);
        report('users', processed, movielensUserIds.length);
      });
      const userIdByMovielensId = await mapUsers(tx, movielensUserIds);
      await forEachBatch(data.ratings, batchSize, async (batch, processed) => {
        inserted.ratings += await insertRatings(tx, batch, userIdByMovielensId);
        report('ratings', processed, data.ratings.length);
      });
      return inserted;
    },
    { timeout: TRANSACTION_TIMEOUT_MS, maxWait: 60_000 },
  );
}

async function forEachBatch<T>(
  items: T[],
  size: number,
  run: (batch: T[], processed: number) => Promise<void>,
): Promise<void> {
  for (let start = 0; start < items.length; start += size) {
    const batch = items.slice(start, start + size);
    await run(batch, start + batch.length);
  }
}

async function insertMovies(tx: Prisma.TransactionClient, movies: MovieRecord[]): Promise<number> {
  return tx.$executeRawUnsafe(INSERT_MOVIES_SQL, movieRowsParameter(movies));
}

async function insertUsers(tx: Prisma.TransactionClient, movielensIds: number[]): Promise<number> {
  // NOT EXISTS keeps a rerun from drawing (and wasting) ids from the users sequence, which
  // ON CONFLICT alone would do.
  return tx.$executeRawUnsafe(
    `INSERT INTO users (kind, movielens_id)
     SELECT 'MOVIELENS', x FROM unnest($1::int[]) AS x
     WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.movielens_id = x)
     ORDER BY x
     ON CONFLICT (movielens_id) DO NOTHING`,
    movielensIds,
  );
}

async function mapUsers(
  tx: Prisma.TransactionClient,
  movielensIds: number[],
): Promise<Map<number, number>> {
  const rows = await tx.$queryRawUnsafe<{ id: number; movielens_id: number }[]>(
    'SELECT id, movielens_id FROM users WHERE movielens_id = ANY($1::int[])',
    movielensIds,
  );
  return new Map(rows.map((r) => [r.movielens_id, r.id]));
}

async function insertRatings(
  tx: Prisma.TransactionClient,
  ratings: RatingRecord[],
  userIdByMovielensId: Map<number, number>,
): Promise<number> {
  const userIds = new Array<number>(ratings.length);
  const movieIds = new Array<number>(ratings.length);
  const values = new Array<number>(ratings.length);
  const timestamps = new Array<number>(ratings.length);
  ratings.forEach((r, i) => {
    const userId = userIdByMovielensId.get(r.userId);
    if (userId === undefined) throw new Error(`MovieLens user ${r.userId} was not imported`);
    userIds[i] = userId;
    movieIds[i] = r.movieId;
    values[i] = r.rating;
    timestamps[i] = r.timestamp;
  });
  // rated_at is a timestamp without time zone holding UTC, as Prisma reads it.
  return tx.$executeRawUnsafe(
    `INSERT INTO ratings (user_id, movie_id, rating, rated_at)
     SELECT r.user_id, r.movie_id, r.rating, to_timestamp(r.ts) AT TIME ZONE 'UTC'
     FROM unnest($1::int[], $2::int[], $3::real[], $4::float8[]) AS r(user_id, movie_id, rating, ts)
     ON CONFLICT (user_id, movie_id) DO NOTHING`,
    userIds,
    movieIds,
    values,
    timestamps,
  );
}

const INT4_MAX = 2_147_483_647;
const isId = (n: unknown): n is number =>
  Number.isInteger(n) && (n as number) > 0 && (n as number) <= INT4_MAX;

/** Rejects data the database would refuse mid-import, with a message saying what is wrong. */
function validate(data: MovieLensData): void {
  const problems: string[] = [];
  let count = 0;
  const problem = (message: string) => {
    count += 1;
    if (problems.length < MAX_PROBLEMS_SHOWN) problems.push(message);
  };
  const movieIds = new Set<number>();
  data.movies.forEach((m, i) => {
    if (!isId(m.movieId)) problem(`movies[${i}]: movieId ${m.movieId} is not a positive integer`);
    if (typeof m.title !== 'string') problem(`movies[${i}]: title is not a string`);
    if (m.year !== null && !Number.isInteger(m.year))
      problem(`movies[${i}]: year ${m.year} is not an integer`);
    if (m.tmdbId !== null && !isId(m.tmdbId))
      problem(`movies[${i}]: tmdbId ${m.tmdbId} is not a positive integer`);
    movieIds.add(m.movieId);
  });
  data.ratings.forEach((r, i) => {
    if (!isId(r.userId)) problem(`ratings[${i}]: userId ${r.userId} is not a positive integer`);
    if (!movieIds.has(r.movieId))
      problem(`ratings[${i}]: movieId ${r.movieId} is not among the movies`);
    if (!(
      r.rating >= MIN_RATING &&
      r.rating <= MAX_RATING &&
      Number.isInteger(r.rating / RATING_STEP)
    )) {
      problem(
        `ratings[${i}]: rating ${r.rating} is not ${MIN_RATING} to ${MAX_RATING} in steps of ${RATING_STEP}`,
      );
    }
    if (!Number.isFinite(r.timestamp))
      problem(`ratings[${i}]: timestamp ${r.timestamp} is not a number`);
  });
  if (count > 0) {
    const more = count > problems.length ? `\n  ... and ${count - problems.length} more` : '';
    throw new DbError(
      'INVALID_IMPORT_DATA',
      `MovieLens data has ${count} problem(s), nothing was imported:\n  ${problems.join('\n  ')}${more}`,
    );
  }
}
