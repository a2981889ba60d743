/**
 * Imports MovieLens (movies, users, ratings) into the database named by DATABASE_URL.
 * Usage: npm run db:import   (after npm run db:migrate; MOVIELENS_DIR picks the data folder)
 */
import { DEFAULT_DATABASE_URL } from '@marquee/contracts';
import { loadMovieLens, MovieLensFormatError, MovieLensSourceError } from '@marquee/movielens';
import { createDb, type Db } from '../client';
import { databaseName, redact } from '../ensure-database';
import { DbError } from '../errors';
import { importMovieLens, type ImportProgress } from '../movielens-import';

function log(message: string): void {
  process.stderr.write(`[db:import] ${message}\n`);
}

function describeProgress(p: ImportProgress): string {
  const { movies, users, ratings } = p.inserted;
  return `${p.stage} ${p.processed}/${p.total} (inserted: ${movies} movies, ${users} users, ${ratings} ratings)`;
}

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  const db = createDb(databaseUrl, { poolSize: 2 });
  try {
    // Checked before loading, which may mean a download.
    await assertMigrated(db, databaseUrl);
    const started = Date.now();
    const data = await loadMovieLens({ onProgress: log });
    log(
      `loaded ${data.movies.length} movies and ${data.ratings.length} ratings from ${data.source}`,
    );

    log(`importing into ${redact(databaseUrl)}`);
    const importStarted = Date.now();
    const counts = await importMovieLens(db, data, (p) => log(describeProgress(p)));
    const seconds = (ms: number) => (ms / 1000).toFixed(1);
    console.log(
      `Imported ${counts.movies} movies, ${counts.users} users and ${counts.ratings} ratings ` +
        `(rows already present are kept) in ${seconds(Date.now() - importStarted)} s ` +
        `(${seconds(Date.now() - started)} s with loading).`,
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
