import { Client } from 'pg';

const DUPLICATE_DATABASE = '42P04';

/** The database a connection URL names (its path), decoded. */
export function databaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!name) throw new Error(`The database URL names no database: ${redact(url)}`);
  return name;
}

/** The same URL with its password hidden, for messages. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}

/**
 * Creates the database named in `url` if it does not exist, connecting to the same server's
 * `postgres` database. Returns true if it created it, false if it was already there.
 */
export async function ensureDatabase(url: string): Promise<boolean> {
  const name = databaseName(url);
  const serverUrl = new URL(url);
  serverUrl.pathname = '/postgres';
  const admin = new Client({ connectionString: serverUrl.toString() });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return false;
    try {
      await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`);
      return true;
    } catch (error) {
      // Another process created it between the check and the CREATE.
      if ((error as { code?: string }).code === DUPLICATE_DATABASE) return false;
      throw error;
    }
  } finally {
    await admin.end();
  }
}
