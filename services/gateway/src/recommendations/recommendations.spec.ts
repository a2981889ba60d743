import request from 'supertest';
import {
  type RecommendJobData,
  type RecommendJobResult,
  type RecommendationsResponse,
} from '@marquee/contracts';
import { ModelRegistry } from '@marquee/db';
import type { Worker } from 'bullmq';
import { createHash } from 'node:crypto';
import { until } from '@marquee/nest-common/testing';
import { startFakeRecommender } from '../testing/fake-workers';
import { seedMovies, startTestGateway, type TestGateway } from '../testing/gateway-test-kit';
import { RecommendResults } from '../queue/recommend-results';
import { NO_MODEL_MESSAGE } from './recommendations.service';

const DEADLINE_MS = 1_500;
/** The end of the deadline kept for a fallback answer: the recommender has the rest. */
const FALLBACK_MS = 300;
const MODEL_MS = DEADLINE_MS - FALLBACK_MS;

let gw: TestGateway;

beforeAll(async () => {
  gw = await startTestGateway('recommendations', {
    RECOMMEND_TIMEOUT_MS: String(DEADLINE_MS),
    RECOMMEND_FALLBACK_MS: String(FALLBACK_MS),
  });
  await seedMovies(gw.db, 40, 1, (id) => (id === 3 ? { posterPath: '/three.jpg' } : {}));
});

afterAll(async () => {
  await gw.close();
});

/** Publishes and activates a model version the way the trainer does (bytes are opaque here). */
async function activateModel(): Promise<number> {
  const registry = new ModelRegistry(gw.db);
  const version = await registry.createTraining({ embedDim: 4 });
  const artifact = Buffer.from(`test model ${version}`);
  await registry.publish(version, {
    artifact,
    checksum: createHash('sha256').update(artifact).digest('hex'),
    metrics: {
      valRmse: 0.9,
      trainLoss: 0.8,
      epochs: 1,
      trainSeconds: 1,
      backend: 'cpu',
      ratings: 1,
      users: 1,
      movies: 1,
    },
    dataSnapshot: { ratings: 1, newestRatedAt: null },
  });
  await registry.activate(version);
  return version;
}

describe('GET /api/recommendations filters', () => {
  it.each([
    ['genre=Noir', 'genre "Noir" is not a genre; use one of Action, Adventure'],
    ['genre=drama', 'genre "drama" is not a genre'],
    ['genre=Drama&genre=Comedy', 'genre must be one genre name'],
    ['decade=1995', 'decade must be a year ending in 0, like 1990'],
    ['decade=nineties', 'decade must be a year ending in 0, like 1990'],
    ['decade=90', 'decade must be a year ending in 0, like 1990'],
    ['decade=1790', 'decade must be 1870 or later'],
    ['decade=2100', 'decade must be 2090 or earlier'],
    ['decade=', 'decade must be a year ending in 0, like 1990'],
  ])('refuses %s with 400 naming the problem', async (query, message) => {
    const res = await request(gw.server).get(`/api/recommendations?${query}`).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION' });
    expect(res.body.message).toContain(message);
  });
});

describe('GET /api/recommendations without an active model', () => {
  it('answers 503 with a clear message, even when a model is only READY', async () => {
    await gw.db.modelVersion.create({ data: { status: 'READY', config: {}, checksum: 'x' } });
    const res = await request(gw.server).get('/api/recommendations').expect(503);
    expect(res.body).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      code: 'NO_MODEL',
      message: NO_MODEL_MESSAGE,
    });
  });
});

describe('GET /api/recommendations with an active model', () => {
  let version: number;
  beforeAll(async () => {
    version = await activateModel();
  });

  it('answers 504 within the deadline (+1 s) when no recommender consumes the job and nothing can stand in', async () => {
    // Nobody has rated anything yet: no popular movies, and this user has no last list.
    const started = Date.now();
    const res = await request(gw.server).get('/api/recommendations').expect(504);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(MODEL_MS - 50);
    expect(elapsed).toBeLessThan(DEADLINE_MS + 1000);
    expect(res.body).toMatchObject({ statusCode: 504, code: 'RECOMMEND_TIMEOUT' });
    expect(res.body.message).toMatch(/No recommendation arrived in time/);
  });

  describe('answered by a worker', () => {
    type Behaviour = (data: RecommendJobData) => RecommendJobResult | Promise<RecommendJobResult>;
    let behaviour: Behaviour;
    const received: RecommendJobData[] = [];
    let worker: Worker;

    beforeAll(async () => {
      // Stands in for the recommender process: answers from a fixed ranking, not a model.
      worker = await startFakeRecommender(gw, (data) => {
        received.push(data);
        return behaviour(data);
      });
    });

    afterAll(async () => {
      await worker.close();
    });

    /** Movies the user has not rated or skipped, best first, with falling scores. */
    const rankUnseen: Behaviour = (data) => {
      const seen = new Set([...data.ratings.map((r) => r.movieId), ...data.excludeMovieIds]);
      const items = [];
      for (let id = 40; id >= 1 && items.length < data.count; id--) {
        if (!seen.has(id)) items.push({ movieId: id, predictedRating: 2 + items.length / 10 });
      }
      return { modelVersion: version, replica: 'replica-a', items };
    };

    it("sends the user's ratings and skips and joins the answer with movies, in order", async () => {
      behaviour = rankUnseen;
      const client = request.agent(gw.server);
      await client.put('/api/ratings/40').send({ rating: 4.5 }).expect(200);
      await client.put('/api/ratings/38').send({ rating: 1 }).expect(200);
      await client.post('/api/skips').send({ movieId: 39 }).expect(200);
      received.length = 0;

      const res = await client.get('/api/recommendations?count=3').expect(200);
      const body = res.body as RecommendationsResponse;
      expect(body.source).toEqual({ kind: 'model' });
      expect(body.modelVersion).toBe(version);
      expect(body.replica).toBe('replica-a');
      expect(body.items.map((i) => i.movie.id)).toEqual([37, 36, 35]);
      expect(body.items.map((i) => i.predictedRating)).toEqual([2, 2.1, 2.2]);
      expect(body.items[0]!.movie).toEqual({
        id: 37,
        title: 'Film 37',
        year: 1997,
        genres: ['Comedy', 'Romance'],
        posterUrl: null,
      });

      expect(received).toHaveLength(1);
      const job = received[0]!;
      const user = await gw.db.user.findFirstOrThrow({
        where: { ratings: { some: { movieId: 38, rating: 1 } } },
      });
      expect(job.userId).toBe(String(user.id));
      expect(job.ratings).toEqual([
        { movieId: 38, rating: 1 },
        { movieId: 40, rating: 4.5 },
      ]);
      expect(job.excludeMovieIds).toEqual([39]);
      expect(job.count).toBe(3);
    });

    it('serves a user with no profile yet without creating one, default count 10', async () => {
      behaviour = rankUnseen;
      const users = await gw.db.user.count();
      const res = await request(gw.server).get('/api/recommendations').expect(200);
      expect((res.body as RecommendationsResponse).items).toHaveLength(10);
      expect(received.at(-1)).toMatchObject({ ratings: [], excludeMovieIds: [], count: 10 });
      expect(await gw.db.user.count()).toBe(users);
    });

    it('sends not-interested movies apart, watchlisted ones as excluded, and the filter', async () => {
      // Honours the filter the way a replica does: Drama (even ids) of the 2000s (10 to 19, 40).
      behaviour = (data) => {
        const excludeMovieIds = [...data.excludeMovieIds, ...data.notInterestedMovieIds];
        const ranked = rankUnseen({ ...data, excludeMovieIds, count: 40 }) as RecommendJobResult;
        const fits = (id: number) =>
          data.filter === undefined ||
          (id % 2 === 0 && Math.floor((1990 + (id % 30)) / 10) * 10 === data.filter.decade);
        return {
          ...ranked,
          items: ranked.items.filter((i) => fits(i.movieId)).slice(0, data.count),
        };
      };
      const client = request.agent(gw.server);
      await client.put('/api/not-interested/40').expect(204);
      await client.put('/api/watchlist/18').expect(204);
      received.length = 0;
      const res = await client.get('/api/recommendations?genre=Drama&decade=2000').expect(200);
      const body = res.body as RecommendationsResponse;
      expect(body.items.map((i) => i.movie.id)).toEqual([16, 14, 12, 10]);
      for (const item of body.items) {
        expect(item.movie.genres).toContain('Drama');
        expect(item.movie.year).toBeGreaterThanOrEqual(2000);
        expect(item.movie.year).toBeLessThan(2010);
      }
      expect(received).toHaveLength(1);
      expect(received[0]).toMatchObject({
        notInterestedMovieIds: [40],
        excludeMovieIds: [18],
        filter: { genre: 'Drama', decade: 2000 },
        count: 10,
      });
      // Without a filter none is sent; the lists still are.
      await client.get('/api/recommendations?count=2').expect(200);
      expect(received[1]!.filter).toBeUndefined();
      expect(received[1]).toMatchObject({ notInterestedMovieIds: [40], excludeMovieIds: [18] });
    });

    it('never shows a movie outside the filter, even from a replica that ignores it', async () => {
      behaviour = rankUnseen; // movies 40, 39, ... whatever the filter
      const res = await request(gw.server)
        .get('/api/recommendations?genre=Comedy&count=5')
        .expect(200);
      const items = (res.body as RecommendationsResponse).items;
      expect(items.map((i) => i.movie.id)).toEqual([39, 37]);
      for (const item of items) expect(item.movie.genres).toContain('Comedy');
    });

    it('answers many concurrent requests through the one shared listener', async () => {
      behaviour = async (data) => {
        await new Promise((r) => setTimeout(r, 20));
        return rankUnseen(data);
      };
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          request(gw.server).get(`/api/recommendations?count=${(i % 5) + 1}`),
        ),
      );
      results.forEach((res, i) => {
        expect(res.status).toBe(200);
        expect((res.body as RecommendationsResponse).items).toHaveLength((i % 5) + 1);
      });
    });

    it('answers the popular movies, marked, when the result comes too late, and ignores the late result', async () => {
      const results = gw.app.get(RecommendResults);
      behaviour = async (data) => {
        await new Promise((r) => setTimeout(r, DEADLINE_MS + 300));
        return rankUnseen(data);
      };
      const started = Date.now();
      const res = await request(gw.server).get('/api/recommendations?count=2').expect(200);
      expect(Date.now() - started).toBeLessThan(DEADLINE_MS + 250);
      // Movies 40 and 38 are the only ones rated (by the first test's user); this user rated none.
      expect(res.body).toMatchObject({ source: { kind: 'popular' }, modelVersion: null });
      expect((res.body as RecommendationsResponse).items.map((i) => i.movie.id)).toEqual([38, 40]);
      expect(results.waiting).toBe(0);
      await new Promise((r) => setTimeout(r, 400));
      expect(results.waiting).toBe(0);
      // The gateway still answers normally afterwards.
      behaviour = rankUnseen;
      await request(gw.server).get('/api/recommendations').expect(200);
    });

    it('falls back without the movies marked not interested, and only to movies of the filter', async () => {
      behaviour = async (data) => {
        await new Promise((r) => setTimeout(r, DEADLINE_MS + 300));
        return rankUnseen(data);
      };
      const client = request.agent(gw.server);
      await client.put('/api/not-interested/38').expect(204);
      // The popular movies are 38 and 40 (both Drama); 38 is hidden from this user.
      const drama = await client.get('/api/recommendations?genre=Drama&count=5').expect(200);
      expect(drama.body).toMatchObject({ source: { kind: 'popular' } });
      expect((drama.body as RecommendationsResponse).items.map((i) => i.movie.id)).toEqual([40]);
      // No popular movie is a comedy: nothing can stand in, so the timeout is the answer.
      await client.get('/api/recommendations?genre=Comedy&count=5').expect(504);
      // The worker is still on the slow jobs: the next test starts once the model answers again.
      behaviour = rankUnseen;
      await until(
        () => request(gw.server).get('/api/recommendations'),
        (res) => (res.body as RecommendationsResponse).source.kind === 'model',
        10_000,
      );
    });

    it('leaves out movies the database does not know', async () => {
      behaviour = () => ({
        modelVersion: version,
        replica: 'replica-a',
        items: [
          { movieId: 3, predictedRating: 4.9 },
          { movieId: 777_777, predictedRating: 4.8 },
          { movieId: 2, predictedRating: 4.7 },
        ],
      });
      const res = await request(gw.server).get('/api/recommendations').expect(200);
      const body = res.body as RecommendationsResponse;
      expect(body.items.map((i) => i.movie.id)).toEqual([3, 2]);
      expect(body.items[0]!.movie.posterUrl).toBe('https://image.tmdb.org/t/p/w342/three.jpg');
    });

    it('answers 503 when the recommender has no model loaded', async () => {
      behaviour = () => {
        throw new Error('NO_MODEL: no model version is loaded yet');
      };
      const res = await request(gw.server).get('/api/recommendations').expect(503);
      expect(res.body).toMatchObject({ code: 'NO_MODEL', message: NO_MODEL_MESSAGE });
    });

    it('answers 502 when the recommender fails, without leaking its error', async () => {
      behaviour = () => {
        throw new Error('scorer exploded: secret internals');
      };
      const res = await request(gw.server).get('/api/recommendations').expect(502);
      expect(res.body).toMatchObject({ statusCode: 502, code: 'RECOMMENDER_FAILED' });
      expect(res.body.message).toMatch(/recommender failed/);
      expect(JSON.stringify(res.body)).not.toContain('secret');
    });

    it('answers 502 when the recommender returns a malformed result', async () => {
      behaviour = () => ({ modelVersion: 'v1' }) as unknown as RecommendJobResult;
      const res = await request(gw.server).get('/api/recommendations').expect(502);
      expect(res.body.message).toMatch(/invalid result/);
    });
  });
});
