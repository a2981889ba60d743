import request from 'supertest';
import type {
  RecommendJobData,
  RecommendJobResult,
  RecommendationsResponse,
} from '@marquee/contracts';
import { REQUEST_ID_HEADER } from '@marquee/nest-common';
import type { Worker } from 'bullmq';
import { startFakeRecommender } from './testing/fake-workers';
import { TEST_REDIS_URL, seedMovieLensRatings, seedMovies } from './testing/gateway-test-kit';
import { seedModelVersion } from './testing/model-versions';
import {
  type ProxiedGateway,
  outage,
  startGatewayBehindProxies,
  timed,
} from './testing/outage-kit';

/**
 * Short deadlines keep this file quick; the rules are the production ones (config/deadlines.ts).
 * Recommendations: the model has RECOMMEND - FALLBACK ms, the fallback the rest.
 */
const WRITE_MS = 4_000;
const READ_MS = 3_000;
const RECOMMEND_MS = 4_000;
const FALLBACK_MS = 1_000;
/** How late past its deadline an answer may come (a loaded 2-core machine). */
const MARGIN_MS = 1_000;
/** A blip: shorter than every deadline. */
const BLIP_MS = 2_000;

jest.setTimeout(60_000);

let gw: ProxiedGateway;
let version: number;

beforeAll(async () => {
  gw = await startGatewayBehindProxies('outages', {
    WRITE_DEADLINE_MS: String(WRITE_MS),
    READ_DEADLINE_MS: String(READ_MS),
    RECOMMEND_TIMEOUT_MS: String(RECOMMEND_MS),
    RECOMMEND_FALLBACK_MS: String(FALLBACK_MS),
  });
  await seedMovies(gw.db, 30);
  // Movies 1..5 are the most rated, in that order, by far more people than this file's users.
  await seedMovieLensRatings(
    gw.db,
    [1, 2, 3, 4, 5].map((movieId) => ({ movieId, raters: 26 - movieId })),
  );
  ({ version } = await seedModelVersion(gw.db, 'ACTIVE'));
});

afterAll(async () => {
  await gw?.close();
});

/** The ratings of the user behind `client`, as the API lists them. */
async function storedRatings(
  client: request.Agent,
): Promise<{ movieId: number; rating: number }[]> {
  const res = await client.get('/api/ratings').expect(200);
  return (res.body as { ratings: { movie: { id: number }; rating: number }[] }).ratings.map(
    (r) => ({ movieId: r.movie.id, rating: r.rating }),
  );
}

describe('Postgres', () => {
  it('a blip (2 s down) costs writes and reads latency, not answers: each write is stored once', async () => {
    const me = request.agent(gw.server);
    await me.put('/api/ratings/20').send({ rating: 2 }).expect(200);
    const { id: userId } = await gw.db.user.findFirstOrThrow({
      where: { ratings: { some: { movieId: 20 } } },
      select: { id: true },
    });

    const { back } = await outage(gw.postgres, 'cut', BLIP_MS);
    const [put, del, skip, read] = await Promise.all([
      timed(() => me.put('/api/ratings/21').send({ rating: 4.5 })),
      timed(() => me.delete('/api/ratings/20')),
      timed(() => me.post('/api/skips').send({ movieId: 22 })),
      timed(() => request(gw.server).get('/api/movies/sample?count=3')),
    ]);
    await back;

    expect([put.value.status, del.value.status, skip.value.status, read.value.status]).toEqual([
      200, 204, 200, 200,
    ]);
    for (const { ms } of [put, del, skip, read]) {
      // They waited for Postgres, and answered within their deadline.
      expect(ms).toBeGreaterThanOrEqual(BLIP_MS - 200);
      expect(ms).toBeLessThan(WRITE_MS);
    }
    expect(put.value.body).toEqual({ movieId: 21, rating: 4.5 });
    expect(
      await gw.db.rating.findMany({ where: { userId }, select: { movieId: true, rating: true } }),
    ).toEqual([{ movieId: 21, rating: 4.5 }]);
    expect(await gw.db.skip.count({ where: { userId } })).toBe(1);
    expect(await gw.db.user.count({ where: { kind: 'APP', id: userId } })).toBe(1);
  });

  it('a blip (2 s not answering, like SIGSTOP) costs a rating latency, not its answer', async () => {
    const me = request.agent(gw.server);
    const { back } = await outage(gw.postgres, 'pause', BLIP_MS);
    const put = await timed(() => me.put('/api/ratings/23').send({ rating: 3 }));
    await back;
    expect(put.value.status).toBe(200);
    expect(put.ms).toBeGreaterThanOrEqual(BLIP_MS - 200);
    expect(put.ms).toBeLessThan(WRITE_MS);
    expect(await storedRatings(me)).toEqual([{ movieId: 23, rating: 3 }]);
  });

  it.each(['cut', 'pause'] as const)(
    'past the deadline (%s): 503 DATABASE_UNAVAILABLE with Retry-After on time, readiness names Postgres, the next request after its return succeeds',
    async (kind) => {
      const me = request.agent(gw.server);
      const { back } = await outage(gw.postgres, kind, WRITE_MS + MARGIN_MS + 1_000);

      // Each route keeps to its own deadline: a rating waits longer than a read.
      const [put, read] = await Promise.all([
        timed(() => me.put('/api/ratings/24').send({ rating: 5 })),
        timed(() => me.get('/api/ratings')),
      ]);
      expect(read.value.status).toBe(503);
      expect(read.ms).toBeGreaterThanOrEqual(READ_MS - 100);
      expect(read.ms).toBeLessThan(READ_MS + MARGIN_MS);
      expect(put.value.status).toBe(503);
      expect(put.value.headers['retry-after']).toBe('5');
      expect(put.value.body).toEqual({
        statusCode: 503,
        error: 'Service Unavailable',
        code: 'DATABASE_UNAVAILABLE',
        message: 'The database is unavailable right now. Try again shortly.',
      });
      expect(put.ms).toBeGreaterThanOrEqual(WRITE_MS - 100);
      expect(put.ms).toBeLessThan(WRITE_MS + MARGIN_MS);

      const ready = await timed(() => request(gw.server).get('/health/ready'));
      expect(ready.value.status).toBe(503);
      expect(ready.value.body.message).toBe('Not ready: postgres did not answer');
      expect(ready.ms).toBeLessThan(2_000);

      await back;
      const first = await timed(() => me.put('/api/ratings/25').send({ rating: 4 }));
      expect(first.value.status).toBe(200);
      expect(first.ms).toBeLessThan(1_000);
      await request(gw.server).get('/health/ready').expect(200);
      // The request answered 503 wrote nothing, not even once Postgres was back.
      await new Promise((r) => setTimeout(r, 300));
      expect(await storedRatings(me)).toEqual([{ movieId: 25, rating: 4 }]);
    },
  );
});

describe('recommendations', () => {
  let worker: Worker;
  const received: { requestId: string; data: RecommendJobData }[] = [];

  /** Movies 30, 29, … the user has not rated or skipped, each citing the user's first rating. */
  const rankUnseen = (data: RecommendJobData): RecommendJobResult => {
    const seen = new Set([...data.ratings.map((r) => r.movieId), ...data.excludeMovieIds]);
    const cited = data.ratings[0];
    const because = cited ? { movieId: cited.movieId, similarity: 0.5 } : null;
    const items = [];
    for (let id = 30; id >= 1 && items.length < data.count; id--) {
      if (!seen.has(id)) {
        items.push({ movieId: id, predictedRating: 4 - items.length / 10, because });
      }
    }
    return { modelVersion: version, replica: 'replica-a', items };
  };

  beforeAll(async () => {
    // Straight to Redis: what is cut here is the gateway's way to it, not the recommender's.
    worker = await startFakeRecommender(
      gw,
      (data) => {
        received.push({ requestId: data.requestId, data });
        return rankUnseen(data);
      },
      { redisUrl: TEST_REDIS_URL },
    );
    // A gateway that has served before: its event stream has a position to resume from.
    await request(gw.server).get('/api/recommendations?count=1').expect(200);
  });

  afterAll(async () => {
    await worker?.close();
  });

  it.each(['cut', 'pause'] as const)(
    'a Redis blip (%s, 2 s) costs latency: the job is queued once Redis is back, answered by the model',
    async (kind) => {
      const requestId = `redis-blip-${kind}`;
      const { back } = await outage(gw.redis, kind, BLIP_MS);
      const res = await timed(() =>
        request(gw.server).get('/api/recommendations?count=3').set(REQUEST_ID_HEADER, requestId),
      );
      await back;
      expect(res.value.status).toBe(200);
      const body = res.value.body as RecommendationsResponse;
      expect(body).toMatchObject({ source: { kind: 'model' }, modelVersion: version });
      expect(body.items.map((i) => i.movie.id)).toEqual([30, 29, 28]);
      expect(res.ms).toBeGreaterThanOrEqual(BLIP_MS - 200);
      expect(res.ms).toBeLessThan(RECOMMEND_MS);
      expect(received.filter((r) => r.requestId === requestId)).toHaveLength(1);
    },
  );

  it.each(['cut', 'pause'] as const)(
    'Redis away past the deadline (%s): a marked fallback on time, readiness names Redis, the model again once it is back',
    async (kind) => {
      const me = request.agent(gw.server);
      await me.put('/api/ratings/26').send({ rating: 5 }).expect(200);
      const { back } = await outage(gw.redis, kind, RECOMMEND_MS + MARGIN_MS);

      const res = await timed(() => me.get('/api/recommendations?count=2'));
      expect(res.value.status).toBe(200);
      expect(res.value.body).toMatchObject({ source: { kind: 'popular' }, modelVersion: null });
      // The model had its share of the deadline; the answer came within the whole of it.
      expect(res.ms).toBeGreaterThanOrEqual(RECOMMEND_MS - FALLBACK_MS - 100);
      expect(res.ms).toBeLessThan(RECOMMEND_MS + MARGIN_MS);

      const ready = await timed(() => request(gw.server).get('/health/ready'));
      expect(ready.value.status).toBe(503);
      expect(ready.value.body.message).toBe('Not ready: redis did not answer');
      expect(ready.ms).toBeLessThan(2_000);

      await back;
      const first = await timed(() => me.get('/api/recommendations?count=2'));
      expect(first.value.status).toBe(200);
      expect(first.value.body).toMatchObject({ source: { kind: 'model' } });
      expect(first.ms).toBeLessThan(1_000);
    },
  );

  it('Postgres away past the deadline: 503 DATABASE_UNAVAILABLE, on time', async () => {
    const { back } = await outage(gw.postgres, 'cut', RECOMMEND_MS + MARGIN_MS);
    const res = await timed(() => request(gw.server).get('/api/recommendations'));
    await back;
    expect(res.value.status).toBe(503);
    expect(res.value.headers['retry-after']).toBe('5');
    expect(res.value.body).toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
    expect(res.ms).toBeLessThan(RECOMMEND_MS + MARGIN_MS);
  });

  describe('with no recommender running', () => {
    beforeAll(async () => {
      await worker.close();
    });

    it("answers the user's last list, marked, without the movies rated or skipped since", async () => {
      const me = request.agent(gw.server);
      await me.put('/api/ratings/10').send({ rating: 4 }).expect(200);
      // While the recommender still answered (the worker above is closed: start another).
      const again = await startFakeRecommender(gw, rankUnseen, { redisUrl: TEST_REDIS_URL });
      const model = (await me.get('/api/recommendations?count=4').expect(200))
        .body as RecommendationsResponse;
      await again.close();
      expect(model.items.map((i) => i.movie.id)).toEqual([30, 29, 28, 27]);
      const { id: userId } = await gw.db.user.findFirstOrThrow({
        where: { ratings: { some: { movieId: 10 } } },
        select: { id: true },
      });
      // Saved after the answer, not before it.
      let saved = null;
      for (let i = 0; i < 50 && saved === null; i++) {
        saved = await gw.db.lastRecommendations.findUnique({ where: { userId } });
        if (saved === null) await new Promise((r) => setTimeout(r, 20));
      }
      expect(saved).not.toBeNull();

      await me.put('/api/ratings/29').send({ rating: 3 }).expect(200);
      await me.post('/api/skips').send({ movieId: 27 }).expect(200);
      const res = await timed(() => me.get('/api/recommendations?count=4'));
      expect(res.value.status).toBe(200);
      const body = res.value.body as RecommendationsResponse;
      // Two movies of the list are left; two popular movies the user has not seen fill it.
      expect(body.source).toEqual({ kind: 'last', at: saved?.madeAt.toISOString(), popular: 2 });
      expect(body.modelVersion).toBe(version);
      expect(body.replica).toBeNull();
      expect(body.items.map((i) => i.movie.id)).toEqual([30, 28, 1, 2]);
      expect(body.items.slice(0, 2).map((i) => i.predictedRating)).toEqual(
        model.items.filter((i) => [30, 28].includes(i.movie.id)).map((i) => i.predictedRating),
      );
      // Reasons as the model gave them, read against the user's ratings now.
      expect(body.items.map((i) => i.reason)).toEqual([
        {
          kind: 'rated',
          movie: { id: 10, title: 'Film 10', year: 2000 },
          rating: 4,
          similarity: 0.5,
        },
        {
          kind: 'rated',
          movie: { id: 10, title: 'Film 10', year: 2000 },
          rating: 4,
          similarity: 0.5,
        },
        null,
        null,
      ]);
      expect(res.ms).toBeLessThan(RECOMMEND_MS + MARGIN_MS);
      // One row per user, replaced by each new list.
      expect(await gw.db.lastRecommendations.count({ where: { userId } })).toBe(1);
    });

    it('with no last list, the most-rated movies the user has not rated or skipped, marked', async () => {
      const me = request.agent(gw.server);
      await me.put('/api/ratings/2').send({ rating: 4 }).expect(200);
      await me.post('/api/skips').send({ movieId: 4 }).expect(200);
      const res = await timed(() => me.get('/api/recommendations?count=3'));
      expect(res.value.status).toBe(200);
      const body = res.value.body as RecommendationsResponse;
      expect(body).toMatchObject({
        source: { kind: 'popular' },
        modelVersion: null,
        replica: null,
      });
      expect(body.items.map((i) => i.movie.id)).toEqual([1, 3, 5]);
      // Their mean rating as their stars; no reason: the model did not pick them.
      expect(body.items.map((i) => i.predictedRating)).toEqual([4, 4, 4]);
      expect(body.items.map((i) => i.reason)).toEqual([null, null, null]);
      expect(res.ms).toBeGreaterThanOrEqual(RECOMMEND_MS - FALLBACK_MS - 100);
      expect(res.ms).toBeLessThan(RECOMMEND_MS + MARGIN_MS);
    });
  });
});
