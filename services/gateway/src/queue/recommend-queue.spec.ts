import request from 'supertest';
import {
  QUEUES,
  RECOMMEND_WORKER_OPTIONS,
  type RecommendJobResult,
  type RecommendationsResponse,
  recommendJobData,
} from '@marquee/contracts';
import { bullConnection } from '@marquee/nest-common';
import { PrivateRedis } from '@marquee/nest-common/testing';
import { type QueueEvents, Worker } from 'bullmq';
import { seedMovies, startTestGateway, type TestGateway } from '../testing/gateway-test-kit';
import { seedModelVersion } from '../testing/model-versions';
import { RECOMMEND_QUEUE_EVENTS } from './queue.tokens';
import { RecommendResults } from './recommend-results';

jest.setTimeout(60_000);

const DEADLINE_MS = 8_000;

async function waitUntil(what: string, condition: () => boolean, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A stand-in recommender: a real BullMQ worker that answers movies 1..count after `gate`. */
function startWorker(
  gw: TestGateway,
  version: number,
  gate: () => Promise<void>,
  lockDuration: number = RECOMMEND_WORKER_OPTIONS.lockDuration,
): Worker {
  const worker = new Worker(
    QUEUES.recommend,
    async (job): Promise<RecommendJobResult> => {
      const data = recommendJobData.parse(job.data);
      await gate();
      return {
        modelVersion: version,
        replica: 'test-worker',
        items: Array.from({ length: data.count }, (_, i) => ({
          movieId: i + 1,
          predictedRating: 4,
        })),
      };
    },
    {
      connection: bullConnection(gw.config.redisUrl),
      prefix: gw.config.bullPrefix,
      concurrency: 500,
      ...RECOMMEND_WORKER_OPTIONS,
      lockDuration,
    },
  );
  worker.on('error', () => undefined); // e.g. reconnect errors while Redis is down
  return worker;
}

describe('waiting for recommend results at high concurrency', () => {
  let gw: TestGateway;
  let worker: Worker;
  let release: () => void = () => undefined;
  let gate = Promise.resolve();

  beforeAll(async () => {
    gw = await startTestGateway('queue_waits', { RECOMMEND_TIMEOUT_MS: String(DEADLINE_MS) });
    await seedMovies(gw.db, 10);
    const { version } = await seedModelVersion(gw.db, 'ACTIVE');
    // Held jobs share this test's one event loop with 300 HTTP requests: a long lock keeps
    // them from being taken for stalled (stalls are not what this test is about).
    worker = startWorker(gw, version, () => gate, 30_000);
    await worker.waitUntilReady();
  });

  afterAll(async () => {
    await worker?.close();
    await gw?.close();
  });

  it('holds 300 waiting requests on a fixed set of listeners, and forgets each one', async () => {
    const events = gw.app.get<QueueEvents>(RECOMMEND_QUEUE_EVENTS);
    const results = gw.app.get(RecommendResults);
    const listeners = () =>
      events.eventNames().reduce((n, name) => n + events.listenerCount(name), 0);
    const before = listeners();
    gate = new Promise<void>((resolve) => (release = resolve));

    const responses = Promise.all(
      Array.from({ length: 300 }, () =>
        request(gw.server)
          .get('/api/recommendations?count=2')
          .then((res) => res),
      ),
    );
    await waitUntil('300 requests waiting', () => results.waiting === 300);
    // Every request waits for its job, yet no listener was added for any of them.
    expect(listeners()).toBe(before);
    release();

    const answered = await responses;
    expect(answered.map((r) => r.status)).toEqual(answered.map(() => 200));
    expect(answered.every((r) => (r.body as RecommendationsResponse).items.length === 2)).toBe(
      true,
    );
    expect(results.waiting).toBe(0);
    expect(listeners()).toBe(before);
  });
});

describe('while Redis restarts (a private redis-server, killed and started again)', () => {
  let redis: PrivateRedis;
  let gw: TestGateway;
  let worker: Worker;
  let gate = Promise.resolve();

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    gw = await startTestGateway('queue_outage', {
      RECOMMEND_TIMEOUT_MS: String(DEADLINE_MS),
      REDIS_URL: redis.url,
    });
    await seedMovies(gw.db, 10);
    const { version } = await seedModelVersion(gw.db, 'ACTIVE');
    worker = startWorker(gw, version, () => gate);
    await worker.waitUntilReady();
  });

  afterAll(async () => {
    // Jobs taken before the kill still wait on their gate; Redis has forgotten them.
    await worker?.close(true);
    await gw?.close();
    await redis?.kill();
  });

  it('requests waiting when it dies and arriving while it is down are answered once it is back', async () => {
    await request(gw.server).get('/api/recommendations?count=1').expect(200);

    // Requests waiting when Redis dies: their jobs are lost with it (the worker holds them).
    gate = new Promise<void>(() => undefined);
    const results = gw.app.get(RecommendResults);
    const ask = () =>
      request(gw.server)
        .get('/api/recommendations?count=1')
        .then((res) => res);
    const waiting = Array.from({ length: 5 }, ask);
    await waitUntil('5 requests waiting', () => results.waiting === 5);
    const killedAt = Date.now();
    await redis.kill();
    // And requests arriving while it is down.
    const arriving = Array.from({ length: 3 }, ask);
    gate = Promise.resolve();
    await new Promise((r) => setTimeout(r, 1_000));
    await redis.restart();

    // Each job is queued again once Redis is back, and answered by the model in time.
    const answered = await Promise.all([...waiting, ...arriving]);
    expect(answered.map((r) => r.status)).toEqual(answered.map(() => 200));
    for (const res of answered) {
      expect(res.body).toMatchObject({ source: { kind: 'model' } });
    }
    expect(Date.now() - killedAt).toBeLessThan(DEADLINE_MS);
    expect(results.waiting).toBe(0);
  });
});
