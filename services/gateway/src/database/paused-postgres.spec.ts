import { createDb } from '@marquee/db';
import { createTestDatabase, type TestDatabase } from '@marquee/db/testing';
import { TcpProxy } from '@marquee/nest-common/testing';
import { errorOf } from '../testing/error-of';

/**
 * A Postgres stopped with SIGSTOP keeps every connection attempt made to it queued, and works
 * through them in order when it runs again: attempts a client gave up on still cost it a backend
 * each before it reaches the live ones. So the pool must not give up its attempts (nor start new
 * ones) just because its callers stop waiting.
 */
describe('createDb while Postgres is paused', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase('paused_postgres');
  });
  afterAll(async () => {
    await t.drop();
  });

  it('keeps its connection attempts, opens no others, and answers as soon as Postgres does', async () => {
    const proxy = await TcpProxy.forUrl(t.url);
    const poolSize = 3;
    const db = createDb(proxy.rewrite(t.url), {
      poolSize,
      connectTimeoutMs: 60_000,
      queryTimeoutMs: 300,
    });
    try {
      await db.$queryRaw`SELECT 1`;
      const before = proxy.accepted;
      proxy.pause();
      // Callers keep asking, as requests retrying through an outage do: six rounds of four, each
      // waiting 300 ms (counted in rounds, not seconds, so a slow runner gives up as often).
      for (let round = 0; round < 6; round++) {
        const errors = await Promise.all([
          errorOf(db.movie.count()),
          errorOf(db.$queryRaw`SELECT 1`),
          errorOf(db.$transaction(async (tx) => tx.movie.count())),
          errorOf(db.movie.findFirst()),
        ]);
        for (const error of errors) expect(String(error)).toMatch(/timeout/);
      }
      // The connection open before the pause was dropped when its query got no answer; after
      // that, one attempt per pool slot, kept, however many callers gave up.
      expect(proxy.accepted - before).toBeLessThanOrEqual(poolSize);

      await proxy.resume();
      const started = Date.now();
      await expect(db.movie.count()).resolves.toBe(0);
      expect(Date.now() - started).toBeLessThan(250);
    } finally {
      await proxy.resume();
      // Waits for every connection: the ones opened for callers who gave up are back too.
      await db.$disconnect();
      await proxy.close();
    }
  }, 30_000);

  it('hands the connection to the live caller past any number of callers that gave up', async () => {
    const proxy = await TcpProxy.forUrl(t.url);
    const db = createDb(proxy.rewrite(t.url), {
      poolSize: 1,
      connectTimeoutMs: 60_000,
      queryTimeoutMs: 300,
    });
    try {
      await db.$queryRaw`SELECT 1`;
      proxy.pause();
      // A long outage under load: thousands of callers queued for the one connection, gone.
      const gaveUp = await Promise.allSettled(
        Array.from({ length: 3_000 }, () => db.$queryRawUnsafe('SELECT 1')),
      );
      expect(gaveUp.every((r) => r.status === 'rejected')).toBe(true);
      await proxy.resume();
      const started = Date.now();
      await expect(db.$queryRawUnsafe('SELECT 2 AS n')).resolves.toEqual([{ n: 2 }]);
      expect(Date.now() - started).toBeLessThan(250);
    } finally {
      await proxy.resume();
      await db.$disconnect();
      await proxy.close();
    }
  }, 30_000);
});
