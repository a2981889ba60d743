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
  it("names the recommender's anchor film with its title and the user's rating", async () => {
    const client = request.agent(gw.server);
    await client.put('/api/ratings/1').send({ rating: 4.5 }).expect(200);
    await client.put('/api/ratings/2').send({ rating: 5 }).expect(200);
    answer = () => [
      { movieId: 10, predictedRating: 4.4, because: { movieId: 1, similarity: 0.82 } },
      { movieId: 11, predictedRating: 4.1, because: { movieId: 2, similarity: 0.4 } },
      // The recommender knew none of the user's films.
      { movieId: 12, predictedRating: 3.9, because: null },
      // A replica from before the field existed.
      { movieId: 13, predictedRating: 3.8 },
      // An anchor the user has not rated (e.g. removed meanwhile) is no reason to show.
      { movieId: 14, predictedRating: 3.7, because: { movieId: 5, similarity: 0.9 } },
    ];

    const res = await client.get('/api/recommendations?count=5').expect(200);
    const body = res.body as RecommendationsResponse;
    expect(body.items.map((i) => [i.movie.id, i.reason])).toEqual([
      [10, { movie: { id: 1, title: 'Heat', year: 1995 }, rating: 4.5, similarity: 0.82 }],
      [11, { movie: { id: 2, title: 'Alien', year: 1979 }, rating: 5, similarity: 0.4 }],
      [12, null],
      [13, null],
      [14, null],
    ]);
  });
});
