import { Client } from 'pg';
import { createDb } from './client';
import { createTestDatabase, type TestDatabase } from './testing';

/** Ends every other connection to the database, as a Postgres restart or an admin does. */
async function terminateBackends(url: string): Promise<number> {
  const admin = new Client({ connectionString: url });
  await admin.connect();
  try {
    const r = await admin.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
    return r.rowCount ?? 0;
  } finally {
    await admin.end();
  }
}

describe('createDb when the server ends its connections', () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase('client_errors');
  });
  afterAll(async () => {
    await test?.drop();
  });

  it('reports broken connections, does not crash, serves again, and still disconnects', async () => {
    const errors: Error[] = [];
    const db = createDb(test.url, { poolSize: 3, onConnectionError: (e) => errors.push(e) });
    try {
      await db.$queryRaw`SELECT 1`;
      // One connection checked out in an open transaction, idle between its queries: the case
      // that ends the process with an unhandled 'error' event when nothing listens for it.
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      const tx = db.$transaction(async (t) => {
        await t.$queryRaw`SELECT 1`;
        await held;
        await t.$queryRaw`SELECT 2`;
      });
      tx.catch(() => undefined);
      await new Promise((r) => setTimeout(r, 100));

      expect(await terminateBackends(test.url)).toBeGreaterThanOrEqual(1);
      await new Promise((r) => setTimeout(r, 200));
      release();
      await expect(tx).rejects.toThrow();

      expect(errors.some((e) => /terminating connection/.test(e.message))).toBe(true);
      await expect(db.$queryRaw`SELECT 3 AS n`).resolves.toEqual([{ n: 3 }]);
    } finally {
      // Waits for every checked-out connection: the broken one must have been given back.
      const started = Date.now();
      await db.$disconnect();
      expect(Date.now() - started).toBeLessThan(15_000);
    }
  }, 30_000);
});
