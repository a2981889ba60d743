/**
 * Imports MovieLens (movies, users, ratings) into the database named by DATABASE_URL, streaming
 * the ratings through COPY (bulkImportMovieLens): all or nothing, and a rerun inserts nothing.
 * Usage: npm run db:import   (after npm run db:migrate; MOVIELENS_DIR picks the data folder)
 */
import { DEFAULT_DATABASE_URL } from '@marquee/contracts';
import { MovieLensFormatError, MovieLensSourceError, openMovieLens } from '@marquee/movielens';
import { bulkImportMovieLens, describeBulkImportEvent } from '../bulk-import';
import { createDb, type Db } from '../client';
import { databaseName, redact } from '../ensure-database';
import { DbError } from '../errors';

function log(message: string): void {
  process.stderr.write(`[db:import] ${message}\n`);
}

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  const db = createDb(databaseUrl, { poolSize: 2 });
  try {
    // Checked before loading, which may mean a download.
    await assertMigrated(db, databaseUrl);
    const started = Date.now();
    const dataset = await openMovieLens({ onProgress: log });
    const into = redact(databaseUrl);
    log(
      `importing ${dataset.movies.length} movies and the ratings of ${dataset.source} into ${into}`,
    );
    const importStarted = Date.now();
    const { inserted, ratingsRead } = await bulkImportMovieLens(databaseUrl, dataset, (event) =>
      log(describeBulkImportEvent(event)),
    );
    const seconds = (ms: number) => (ms / 1000).toFixed(1);
    console.log(
      `Imported ${inserted.movies} movies, ${inserted.users} users and ${inserted.ratings} ` +
        `ratings of ${ratingsRead} read (rows already present are kept) in ` +
        `${seconds(Date.now() - importStarted)} s (${seconds(Date.now() - started)} s with loading).`,
    );
  } finally {
    await db.$disconnect();
  }
}

const MIGRATE_HINT = 'run `npm run db:migrate` first';

/** Fails early, with what to do, when the database is missing or has no tables. */
async function assertMigrated(db: Db, databaseUrl: string): Promise<void> {
  let rows: { ratings: string | null }[];
  try {
    rows = await db.$queryRaw`SELECT to_regclass('public.ratings')::text AS ratings`;
  } catch (error) {
    // Postgres' invalid_catalog_name: the database itself does not exist.
    if (error instanceof Error && error.message.includes('3D000')) {
      throw new DbError(
        'SCHEMA_MISSING',
        `Database "${databaseName(databaseUrl)}" does not exist: ${MIGRATE_HINT}.`,
      );
    }
    throw error;
  }
  if (!rows[0]?.ratings) {
    throw new DbError('SCHEMA_MISSING', `The database has no ratings table: ${MIGRATE_HINT}.`);
  }
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`[db:import] failed: ${message}\n`);
  const explained =
    error instanceof DbError ||
    error instanceof MovieLensSourceError ||
    error instanceof MovieLensFormatError;
  // Errors that already say what to do need no stack trace; anything else gets one.
  if (!explained && error instanceof Error && error.stack) {
    process.stderr.write(`${error.stack}\n`);
  }
  process.exit(1);
});
