import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { createDb, type Db } from '../client';

const MIGRATIONS_DIR = path.resolve(__dirname, '..', '..', '..', '..', 'prisma', 'migrations');

/** Postgres server used by integration tests: TEST_DATABASE_URL's server, or localhost. */
export function testServerUrl(): string {
  return process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
}

function withDatabase(serverUrl: string, database: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${database}`;
  return u.toString();
}

export interface TestDatabase {
  url: string;
  db: Db;
  /** Disconnects and drops the database. */
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database on the real Postgres for one test file. It applies the same
 * migration files `prisma migrate deploy` applies, in order, and as it does through Prisma's
 * Postgres driver adapter: statement by statement, each file split at every semicolon (so a
 * semicolon inside a function body or a comment fails here as it would in production).
 */
export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const name = `marquee_test_${label.replace(/\W/g, '_')}_${randomBytes(4).toString('hex')}`;
  const serverUrl = testServerUrl();
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(serverUrl, name);
  const migrate = new Client({ connectionString: url });
  await migrate.connect();
  try {
    const dirs = readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    for (const dir of dirs) {
      const script = readFileSync(path.join(MIGRATIONS_DIR, dir, 'migration.sql'), 'utf8');
      for (const statement of script.split(';').map((s) => s.trim())) {
        if (statement) await migrate.query(statement);
      }
    }
  } finally {
    await migrate.end();
  }
  const db = createDb(url, { poolSize: 4 });
  return {
    url,
    db,
    async drop() {
      await db.$disconnect();
      const c = new Client({ connectionString: serverUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
