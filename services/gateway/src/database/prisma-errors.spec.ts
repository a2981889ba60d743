import { createDb } from '@marquee/db';
import { createTestDatabase, type TestDatabase } from '@marquee/db/testing';
import { TcpProxy } from '@marquee/nest-common/testing';
import { createServer } from 'node:net';
import { isDatabaseUnavailable, isForeignKeyViolation, isUniqueViolation } from './prisma-errors';
import { errorOf } from '../testing/error-of';

/** A port nothing listens on. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('isDatabaseUnavailable (real Prisma errors)', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase('prisma_errors');
  });
  afterAll(async () => {
    await t.drop();
  });

  it('is true when Postgres cannot be reached, for model queries and raw ones', async () => {
    const db = createDb(`postgresql://postgres@127.0.0.1:${await closedPort()}/nowhere`);
    try {
      expect(isDatabaseUnavailable(await errorOf(db.movie.findFirst()))).toBe(true);
      expect(isDatabaseUnavailable(await errorOf(db.$queryRawUnsafe('SELECT 1')))).toBe(true);
    } finally {
      await db.$disconnect();
    }
  });

  it('is true when the server ends the connection under a transaction (a restart)', async () => {
    // A client of its own: the driver adapter does not hand the dead connection back to the
    // pool, so this client's $disconnect would wait for it.
    const db = createDb(t.url);
    const error = await errorOf(
      db.$transaction(async (tx) => {
        const [row] = await tx.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`;
        const pid = row?.pid ?? 0;
        // What a fast shutdown does to every connection: terminate it.
        await t.db.$queryRaw`SELECT pg_terminate_backend(${pid}::int)`;
        await tx.movie.findFirst();
      }),
    );
    expect(isDatabaseUnavailable(error)).toBe(true);
    // The pool opens another connection: the next query works.
    await expect(db.movie.count()).resolves.toBe(0);
    await Promise.race([db.$disconnect(), new Promise((r) => setTimeout(r, 500).unref())]);
  });

  it('is true when Postgres stops answering (SIGSTOP): no connection in time, no answer in time', async () => {
    const proxy = await TcpProxy.forUrl(t.url);
    const db = createDb(proxy.rewrite(t.url), { connectTimeoutMs: 300, queryTimeoutMs: 300 });
    try {
      // One connection open before the pause, one opened during it.
      const held = db.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT 1`;
        proxy.pause();
        await tx.movie.findFirst();
      });
      const noAnswer = await errorOf(held);
      const noConnection = await errorOf(db.movie.findFirst());
      expect(String(noAnswer)).toMatch(/Query read timeout/);
      expect(isDatabaseUnavailable(noAnswer)).toBe(true);
      expect(String(noConnection)).toMatch(/timeout/);
      expect(isDatabaseUnavailable(noConnection)).toBe(true);
      // Once it answers again, so does the client.
      await proxy.resume();
      await expect(db.movie.count()).resolves.toBe(0);
    } finally {
      await proxy.resume();
      // No connection is left out of the pool for good (disconnecting waits for every one).
      await db.$disconnect();
      await proxy.close();
    }
  });

  it('is false for an error of the query itself', async () => {
    const fk = await errorOf(t.db.rating.create({ data: { userId: 1, movieId: 1, rating: 4 } }));
    expect(isForeignKeyViolation(fk)).toBe(true);
    expect(isDatabaseUnavailable(fk)).toBe(false);
    // The same through a raw query: Prisma reports P2010 with the driver's SQLSTATE 23503.
    const rawFk = await errorOf(
      t.db.$executeRaw`INSERT INTO ratings (user_id, movie_id, rating) VALUES (1, 1, 4)`,
    );
    expect(isForeignKeyViolation(rawFk)).toBe(true);
    expect(isDatabaseUnavailable(rawFk)).toBe(false);
    expect(isForeignKeyViolation(await errorOf(t.db.$queryRawUnsafe('SELECT nope')))).toBe(false);
    expect(isDatabaseUnavailable(await errorOf(t.db.$queryRawUnsafe('SELECT nope')))).toBe(false);
    expect(isDatabaseUnavailable(new Error('something else'))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });

  it('tells a unique violation (a taken username), from the model API and from raw SQL', async () => {
    await t.db.user.create({ data: { kind: 'APP', username: 'taken', passwordHash: 'x' } });
    const taken = await errorOf(
      t.db.user.create({ data: { kind: 'APP', username: 'taken', passwordHash: 'y' } }),
    );
    expect(isUniqueViolation(taken)).toBe(true);
    expect(isForeignKeyViolation(taken)).toBe(false);
    const raw = await errorOf(
      t.db
        .$executeRaw`INSERT INTO users (kind, username, password_hash) VALUES ('APP', 'taken', 'z')`,
    );
    expect(isUniqueViolation(raw)).toBe(true);
    expect(isUniqueViolation(await errorOf(t.db.$queryRawUnsafe('SELECT nope')))).toBe(false);
    expect(isUniqueViolation(null)).toBe(false);
  });
});
