import type { INestApplication } from '@nestjs/common';
import { redisOptionsFromUrl } from '@marquee/contracts';
import { MetricsListener } from '@marquee/nest-common';
import type { Db } from '@marquee/db';
import { createTestDatabase, type TestDatabase } from '@marquee/db/testing';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { createGatewayApp } from '../app.factory';
import { type GatewayConfig, loadGatewayConfig } from '../config/gateway-config';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestGateway {
  app: INestApplication;
  server: Server;
  db: Db;
  config: GatewayConfig;
  /** http://127.0.0.1:<METRICS_PORT>: where GET /metrics is served (not on `server`). */
  metricsUrl: string;
  /** Closes the app, drops the database and deletes the test's BullMQ keys. */
  close(): Promise<void>;
}

export interface TestGatewayOptions {
  /** The gateway's DATABASE_URL from the test database's (e.g. through a TcpProxy). */
  databaseUrl?: (url: string) => string;
}

/**
 * Boots the real gateway on a random port against a fresh Postgres database and a unique
 * BullMQ prefix on the real Redis. `env` overrides the test environment. `db` is the test's own
 * client of the database, straight to Postgres whatever DATABASE_URL the gateway has.
 */
export async function startTestGateway(
  label: string,
  env: NodeJS.ProcessEnv = {},
  options: TestGatewayOptions = {},
): Promise<TestGateway> {
  const database: TestDatabase = await createTestDatabase(`gateway_${label}`);
  const config = loadGatewayConfig({
    NODE_ENV: 'test',
    DATABASE_URL: options.databaseUrl ? options.databaseUrl(database.url) : database.url,
    REDIS_URL: TEST_REDIS_URL,
    COOKIE_SECRET: 'test-cookie-secret-0123456789',
    BULL_PREFIX: `test-gateway-${label}-${randomBytes(4).toString('hex')}`,
    METRICS_PORT: '0',
    METRICS_HOST: '127.0.0.1',
    ...env,
  });
  const app = await createGatewayApp(config, { logger: false });
  await app.listen(0, '127.0.0.1');
  return {
    app,
    server: app.getHttpServer() as Server,
    db: database.db,
    config,
    metricsUrl: `http://127.0.0.1:${app.get(MetricsListener).port}`,
    async close() {
      await app.close();
      await database.drop();
      await deleteKeys(config.redisUrl, config.bullPrefix);
    },
  };
}

export interface UseTestGatewayOptions {
  env?: NodeJS.ProcessEnv;
  /** Rows the file's tests start from, written before the first test. */
  seed?: (db: Db) => Promise<void>;
}

/**
 * A test gateway for the calling file (or describe block): started and seeded in beforeAll,
 * closed in afterAll. The returned gateway is filled in by beforeAll, so read its fields inside
 * hooks and tests only.
 */
export function useTestGateway(label: string, options: UseTestGatewayOptions = {}): TestGateway {
  // Filled in by beforeAll below, before any test reads it.
  const gateway = {} as TestGateway;
  beforeAll(async () => {
    Object.assign(gateway, await startTestGateway(label, options.env));
    await options.seed?.(gateway.db);
  });
  afterAll(async () => {
    // Not there when startTestGateway failed.
    await gateway.close?.();
  });
  return gateway;
}

async function deleteKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis({
    ...redisOptionsFromUrl(redisUrl),
    lazyConnect: true,
    retryStrategy: () => null,
    disconnectTimeout: 200,
  });
  try {
    await redis.connect();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) {
      await redis.del(...keys);
    }
  } catch {
    // Redis unreachable (e.g. a test pointed the gateway elsewhere): nothing to clean.
  } finally {
    redis.disconnect();
  }
}

export interface MovieSeed {
  id: number;
  title?: string;
  year?: number | null;
  genres?: string[];
  posterPath?: string | null;
  /** links.csv's IMDb id, 7 digits without "tt" (e.g. "0114709"). */
  imdbId?: string | null;
}

/** Builder of movies: ids `from`..`from+count-1`, titled "Film <id>". */
export async function seedMovies(
  db: Db,
  count: number,
  from = 1,
  overrides: (id: number) => Partial<MovieSeed> = () => ({}),
): Promise<number[]> {
  const ids = Array.from({ length: count }, (_, i) => from + i);
  await db.movie.createMany({
    data: ids.map((id) => ({
      id,
      title: `Film ${id}`,
      year: 1990 + (id % 30),
      genres: id % 2 === 0 ? ['Drama'] : ['Comedy', 'Romance'],
      posterPath: null,
      ...overrides(id),
    })),
  });
  return ids;
}

/** MovieLens users rating `movieIds`, the first movie by the most users (for popularity). */
export async function seedMovieLensRatings(
  db: Db,
  ratingsPerMovie: { movieId: number; raters: number }[],
): Promise<void> {
  const maxRaters = Math.max(0, ...ratingsPerMovie.map((r) => r.raters));
  const users: { id: number }[] = [];
  for (let i = 1; i <= maxRaters; i++) {
    users.push(
      await db.user.create({ data: { kind: 'MOVIELENS', movielensId: i }, select: { id: true } }),
    );
  }
  await db.rating.createMany({
    data: ratingsPerMovie.flatMap(({ movieId, raters }) =>
      users.slice(0, raters).map((u) => ({ userId: u.id, movieId, rating: 4 })),
    ),
  });
}

/** Rows in the tables the API writes, to check that a rejected request wrote nothing. */
export async function countRows(db: Db): Promise<{
  users: number;
  ratings: number;
  skips: number;
  notInterested: number;
  watchlist: number;
}> {
  const [users, ratings, skips, notInterested, watchlist] = await Promise.all([
    db.user.count(),
    db.rating.count(),
    db.skip.count(),
    db.notInterested.count(),
    db.watchlistEntry.count(),
  ]);
  return { users, ratings, skips, notInterested, watchlist };
}
