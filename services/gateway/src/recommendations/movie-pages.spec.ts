import request from 'supertest';
import {
  JOBS,
  movieForMeJobData,
  QUEUES,
  RECOMMEND_WORKER_OPTIONS,
  redisOptionsFromUrl,
  type MovieForMeJobData,
  type MovieForMeJobResult,
} from '@marquee/contracts';
import { Worker } from 'bullmq';
import { seedModelVersion } from '../testing/model-versions';
import { seedMovies, startTestGateway, type TestGateway } from '../testing/gateway-test-kit';
import { NO_MODEL_MESSAGE } from './recommendations.service';

const DEADLINE_MS = 1_500;
const FALLBACK_MS = 300;

let gw: TestGateway;

beforeAll(async () => {
  gw = await startTestGateway('movie-pages', {
    RECOMMEND_TIMEOUT_MS: String(DEADLINE_MS),
    RECOMMEND_FALLBACK_MS: String(FALLBACK_MS),
  });
  await seedMovies(gw.db, 12, 1, (id) => (id === 3 ? { posterPath: '/three.jpg' } : {}));
});

afterAll(async () => {
  await gw.close();
});

describe('GET /api/movies/:movieId', () => {
  it("answers the film with the user's rating and list, as they change", async () => {
    const client = request.agent(gw.server);
    const fresh = await client.get('/api/movies/3').expect(200);
    expect(fresh.body).toEqual({
      movie: {
        id: 3,
        title: 'Film 3',
        year: 1993,
        genres: ['Comedy', 'Romance'],
        posterUrl: expect.stringContaining('/three.jpg'),
      },
      rating: null,
      list: null,
    });
    await client.put('/api/watchlist/3').expect(204);
    expect((await client.get('/api/movies/3').expect(200)).body).toMatchObject({
      rating: null,
      list: 'watchlist',
    });
    await client.put('/api/not-interested/3').expect(204);
    expect((await client.get('/api/movies/3').expect(200)).body.list).toBe('not-interested');
    await client.put('/api/ratings/3').send({ rating: 3.5 }).expect(200);
    expect((await client.get('/api/movies/3').expect(200)).body).toMatchObject({
      rating: 3.5,
      list: null,
    });
    // Another visitor sees the film as new.
    expect((await request(gw.server).get('/api/movies/3').expect(200)).body).toMatchObject({
      rating: null,
      list: null,
    });
  });

  it.each(['/api/movies/999', '/api/movies/999/for-me'])(
    'answers %s, an unknown film, with 404 MOVIE_NOT_FOUND',
    async (path) => {
      const res = await request(gw.server).get(path).expect(404);
      expect(res.body).toMatchObject({ statusCode: 404, code: 'MOVIE_NOT_FOUND' });
      expect(res.body.message).toBe('There is no film with id 999');
    },
  );

  it.each([
    ['abc', 'movieId must be a number'],
    ['0x10', 'movieId must be a number'],
    ['0', 'movieId must be positive'],
    ['1.5', 'movieId must be an integer'],
    ['99999999999', 'movieId is too large'],
  ])('refuses the id %s with 400 naming the problem, on both routes', async (id, message) => {
    for (const path of [`/api/movies/${id}`, `/api/movies/${id}/for-me`]) {
      const res = await request(gw.server).get(path).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION' });
      expect(res.body.message).toContain(message);
    }
  });

  it('still answers sample and search, which the id route could shadow', async () => {
    await request(gw.server).get('/api/movies/sample?count=2').expect(200);
    await request(gw.server).get('/api/movies/search?q=film').expect(200);
  });
});

describe('GET /api/movies/:movieId/for-me', () => {
  it('says the model is not available (200, not 503) while no model is active', async () => {
    const res = await request(gw.server).get('/api/movies/2/for-me').expect(200);
    expect(res.body).toEqual({
      status: 'unavailable',
      reason: 'NO_MODEL',
      message: NO_MODEL_MESSAGE,
    });
  });

  describe('with an active model', () => {
    let version: number;
    beforeAll(async () => {
      ({ version } = await seedModelVersion(gw.db, 'ACTIVE'));
    });

    it('says the recommender is busy, within the deadline, when no replica answers', async () => {
      const started = Date.now();
      const res = await request(gw.server).get('/api/movies/2/for-me').expect(200);
      expect(Date.now() - started).toBeLessThan(DEADLINE_MS + 1000);
      expect(res.body).toMatchObject({ status: 'unavailable', reason: 'RECOMMEND_TIMEOUT' });
    });

    describe('answered by a worker', () => {
      const received: MovieForMeJobData[] = [];
      let answer: (data: MovieForMeJobData) => MovieForMeJobResult;
      let worker: Worker;

      beforeAll(async () => {
        worker = new Worker(
          QUEUES.recommend,
          async (job) => {
            if (job.name !== JOBS.movieForMe) throw new Error(`unexpected job ${job.name}`);
            const data = movieForMeJobData.parse(job.data);
            received.push(data);
            return answer(data);
          },
          {
            connection: redisOptionsFromUrl(gw.config.redisUrl),
            prefix: gw.config.bullPrefix,
            ...RECOMMEND_WORKER_OPTIONS,
          },
        );
        await worker.waitUntilReady();
      });

      afterAll(async () => {
        await worker.close();
      });

      it("sends the user's ratings and the film, and joins the similar films in order", async () => {
        answer = () => ({
          modelVersion: version,
          replica: 'replica-a',
          predictedRating: 4.2,
          // 777 is not in the catalogue: left out.
          similar: [
            { movieId: 5, similarity: 0.9 },
            { movieId: 777, similarity: 0.8 },
            { movieId: 3, similarity: 0.5 },
          ],
        });
        const client = request.agent(gw.server);
        await client.put('/api/ratings/7').send({ rating: 4 }).expect(200);
        const res = await client.get('/api/movies/2/for-me').expect(200);
        expect(res.body).toEqual({
          status: 'ready',
          modelVersion: version,
          predictedRating: 4.2,
          similar: [
            { movie: expect.objectContaining({ id: 5, title: 'Film 5' }), similarity: 0.9 },
            { movie: expect.objectContaining({ id: 3, title: 'Film 3' }), similarity: 0.5 },
          ],
        });
        expect(received.at(-1)).toMatchObject({
          movieId: 2,
          ratings: [{ movieId: 7, rating: 4 }],
          similarCount: 8,
        });
      });

      it('says the recommender failed (200) when the replica fails the job', async () => {
        answer = () => {
          throw new Error('boom');
        };
        const res = await request(gw.server).get('/api/movies/2/for-me').expect(200);
        expect(res.body).toMatchObject({ status: 'unavailable', reason: 'RECOMMENDER_FAILED' });
      });
    });
  });
});
