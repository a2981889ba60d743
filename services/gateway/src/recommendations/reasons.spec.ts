import request from 'supertest';
import {
  type RecommendJobData,
  type RecommendJobResult,
  type RecommendationsResponse,
} from '@marquee/contracts';
import type { Worker } from 'bullmq';
import { startFakeRecommender } from '../testing/fake-workers';
import { seedMovies, startTestGateway, type TestGateway } from '../testing/gateway-test-kit';
import { seedModelVersion } from '../testing/model-versions';

let gw: TestGateway;
let worker: Worker;
let version: number;
let answer: (data: RecommendJobData) => RecommendJobResult['items'];

beforeAll(async () => {
  gw = await startTestGateway('reasons');
  await seedMovies(gw.db, 20, 1, (id) =>
    id === 1 ? { title: 'Heat', year: 1995 } : id === 2 ? { title: 'Alien', year: 1979 } : {},
  );
  version = (await seedModelVersion(gw.db, 'ACTIVE')).version;
  worker = await startFakeRecommender(gw, (data) => ({
    modelVersion: version,
    replica: 'test',
    items: answer(data),
  }));
});

afterAll(async () => {
  await worker.close();
  await gw.close();
});

describe('recommendation reasons ("because you rated …")', () => {
  it("names the recommender's anchor movie with its title and the user's rating", async () => {
    const client = request.agent(gw.server);
    await client.put('/api/ratings/1').send({ rating: 4.5 }).expect(200);
    await client.put('/api/ratings/2').send({ rating: 5 }).expect(200);
    await client.put('/api/ratings/3').send({ rating: 3.5 }).expect(200);
    answer = () => [
      { movieId: 10, predictedRating: 4.4, because: { movieId: 1, similarity: 0.82 } },
      { movieId: 11, predictedRating: 4.1, because: { movieId: 2, similarity: 0.4 } },
      // No liked movie is among its co-rating neighbours.
      { movieId: 12, predictedRating: 3.9, because: null },
      // A replica of an older release, which sends no field.
      { movieId: 13, predictedRating: 3.8 },
      // An anchor the user has not rated (e.g. removed meanwhile) is no reason to show.
      { movieId: 14, predictedRating: 3.7, because: { movieId: 5, similarity: 0.9 } },
      // Nor is one they did not like (as a replica of an older release may cite).
      { movieId: 15, predictedRating: 3.6, because: { movieId: 3, similarity: 0.7 } },
    ];

    const res = await client.get('/api/recommendations?count=6').expect(200);
    const body = res.body as RecommendationsResponse;
    const taste = { kind: 'taste' };
    expect(body.items.map((i) => [i.movie.id, i.reason])).toEqual([
      [
        10,
        {
          kind: 'rated',
          movie: { id: 1, title: 'Heat', year: 1995 },
          rating: 4.5,
          similarity: 0.82,
        },
      ],
      [
        11,
        { kind: 'rated', movie: { id: 2, title: 'Alien', year: 1979 }, rating: 5, similarity: 0.4 },
      ],
      [12, taste],
      [13, taste],
      [14, taste],
      [15, taste],
    ]);
  });

  it('gives no reason at all to a user who liked no movie', async () => {
    const client = request.agent(gw.server);
    // 3.5 stars is not "liked" (LIKED_RATING is 4).
    for (const id of [1, 2, 3]) {
      await client
        .put(`/api/ratings/${id}`)
        .send({ rating: id === 3 ? 3.5 : 2 })
        .expect(200);
    }
    answer = () => [
      { movieId: 10, predictedRating: 3.4, because: null },
      // Even when an older replica cites their best-rated movie.
      { movieId: 11, predictedRating: 3.3, because: { movieId: 3, similarity: 0.5 } },
    ];

    const res = await client.get('/api/recommendations?count=2').expect(200);
    const body = res.body as RecommendationsResponse;
    expect(body.items.map((i) => [i.movie.id, i.reason])).toEqual([
      [10, null],
      [11, null],
    ]);
  });
});
