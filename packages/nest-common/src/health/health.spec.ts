import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Redis } from 'ioredis';
import type { Db } from '@marquee/db';
import { createTestDatabase, type TestDatabase } from '@marquee/db/testing';
import { CoreModule } from '../core/core.module';
import { DB, REDIS } from '../tokens';
import { HealthModule, type ReadinessSetup } from './health.module';
import { postgresCheck, redisCheck, type ReadinessCheck } from './readiness-checks';

jest.setTimeout(30_000);

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Port 1 on localhost refuses connections: Redis is "down" for one app only. */
const DEAD_REDIS_URL = 'redis://127.0.0.1:1';
const TIMEOUT_MS = 500;

/** A pluggable check whose answer the test controls, like the recommender's "model loaded". */
class Switch {
  on = true;
  readonly check: ReadinessCheck = {
    name: 'model',
    probe: () => {
      if (!this.on) throw new Error('no model is loaded yet');
    },
  };
}

interface Ready {
  status: string;
  ready: boolean;
  version?: number | null;
  checks: Record<string, string>;
}

describe('HealthModule on CoreModule (real Postgres and Redis)', () => {
  let t: TestDatabase;
  const apps: INestApplication[] = [];

  async function boot(redisUrl: string, extra: (db: Db, redis: Redis) => Partial<ReadinessSetup>) {
    const health = HealthModule.forRoot({
      inject: [DB, REDIS],
      useFactory: (db: Db, redis: Redis) => ({
        checks: [postgresCheck(db), redisCheck(redis)],
        timeoutMs: TIMEOUT_MS,
        ...extra(db, redis),
      }),
    });
    @Module({
      imports: [CoreModule.forRoot({ databaseUrl: t.url, dbPoolSize: 1, redisUrl }), health],
    })
    class TestAppModule {}
    const app = await NestFactory.create(TestAppModule, { logger: false });
    apps.push(app);
    await app.listen(0, '127.0.0.1');
    const base = await app.getUrl();
    return {
      app,
      async get(path: string): Promise<{ status: number; body: Ready }> {
        const res = await fetch(`${base}${path}`);
        return { status: res.status, body: (await res.json()) as Ready };
      },
    };
  }

  beforeAll(async () => {
    t = await createTestDatabase('nest_common_health');
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    await t?.drop();
  });

  it('is live, and ready with every check up and the extra details', async () => {
    const model = new Switch();
    const withModel = await boot(REDIS_URL, (db, redis) => ({
      checks: [postgresCheck(db), redisCheck(redis), model.check],
      details: () => ({ version: model.on ? 7 : null }),
    }));
    expect(await withModel.get('/health/live')).toEqual({ status: 200, body: { status: 'ok' } });
    expect(await withModel.get('/health/ready')).toEqual({
      status: 200,
      body: {
        status: 'ok',
        ready: true,
        version: 7,
        checks: { postgres: 'up', redis: 'up', model: 'up' },
      },
    });

    model.on = false;
    const down = await withModel.get('/health/ready');
    expect(down.status).toBe(503);
    expect(down.body).toEqual({
      status: 'unavailable',
      ready: false,
      version: null,
      checks: { postgres: 'up', redis: 'up', model: 'down: no model is loaded yet' },
    });
  });

  it('answers 503 naming a probe that never answers, after the timeout', async () => {
    const { get } = await boot(REDIS_URL, (db, redis) => ({
      checks: [
        postgresCheck(db),
        redisCheck(redis),
        { name: 'slow', probe: () => new Promise(() => undefined) },
      ],
    }));
    const started = Date.now();
    const { status, body } = await get('/health/ready');
    const elapsed = Date.now() - started;
    expect(status).toBe(503);
    expect(body.checks).toEqual({
      postgres: 'up',
      redis: 'up',
      slow: `down: slow timed out after ${TIMEOUT_MS} ms`,
    });
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + 1_000);
  });

  it('answers 503 naming Redis within the timeout when Redis is unreachable', async () => {
    const { get } = await boot(DEAD_REDIS_URL, () => ({}));
    const started = Date.now();
    const { status, body } = await get('/health/ready');
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 500);
    expect(status).toBe(503);
    expect(body.status).toBe('unavailable');
    expect(body.ready).toBe(false);
    expect(body.checks.postgres).toBe('up');
    expect(body.checks.redis).toMatch(/^down: /);
  });
});
