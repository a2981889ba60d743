import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { databaseName, ensureDatabase } from './ensure-database';
import { testServerUrl } from './testing';

describe('ensureDatabase', () => {
  // Mixed case and a hyphen: the name must be quoted, not folded or split.
  const name = `marquee_Test-ensure_${randomBytes(4).toString('hex')}`;
  const url = (() => {
    const u = new URL(testServerUrl());
    u.pathname = `/${encodeURIComponent(name)}`;
    return u.toString();
  })();

  async function exists(): Promise<boolean> {
    const c = new Client({ connectionString: testServerUrl() });
    await c.connect();
    try {
      const r = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      return r.rowCount === 1;
    } finally {
      await c.end();
    }
  }

  afterAll(async () => {
    const c = new Client({ connectionString: testServerUrl() });
    await c.connect();
    try {
      await c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(name)} WITH (FORCE)`);
    } finally {
      await c.end();
    }
  });

  it('creates a missing database, then reports that it exists', async () => {
    expect(await exists()).toBe(false);
    expect(await ensureDatabase(url)).toBe(true);
    expect(await exists()).toBe(true);
    expect(await ensureDatabase(url)).toBe(false);
  });

  it('refuses a URL that names no database', async () => {
    await expect(ensureDatabase('postgresql://postgres@127.0.0.1:5432/')).rejects.toThrow(
      /names no database/,
    );
    expect(databaseName(url)).toBe(name);
  });
});
