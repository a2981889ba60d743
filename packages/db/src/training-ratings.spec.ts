import { importMovieLens } from './movielens-import';
import { createTestDatabase, type TestDatabase } from './testing';
import { readTrainingRatings } from './training-ratings';

describe('readTrainingRatings', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase('training_ratings');
  });
  afterAll(async () => {
    await t.drop();
  });

  it('returns empty arrays and no date when there are no ratings', async () => {
    const r = await readTrainingRatings(t.db);
    expect(r.userIds).toBeInstanceOf(Int32Array);
    expect(r.userIds.length).toBe(0);
    expect(r.movieIds.length).toBe(0);
    expect(r.ratings).toBeInstanceOf(Float32Array);
    expect(r.ratings.length).toBe(0);
    expect(r.newestRatedAt).toBeNull();
  });

  it('returns every rating, MovieLens and app users, keyed by users.id and movies.id', async () => {
    const movies = [3, 8, 13].map((id) => ({
      movieId: id,
      title: `Film ${id}`,
      year: null,
      genres: [],
      imdbId: null,
      tmdbId: null,
    }));
    await importMovieLens(t.db, {
      movies,
      ratings: [
        { userId: 500, movieId: 13, rating: 4.5, timestamp: 1_000_000_000 },
        { userId: 500, movieId: 3, rating: 2, timestamp: 1_000_000_100 },
        { userId: 7, movieId: 8, rating: 0.5, timestamp: 1_200_000_000 },
      ],
    });
    const newest = new Date('2030-01-02T03:04:05.678Z');
    const app = await t.db.user.create({ data: { kind: 'APP' } });
    await t.db.rating.create({
      data: { userId: app.id, movieId: 8, rating: 3.5, ratedAt: newest },
    });
    const ids = new Map(
      (await t.db.user.findMany()).map((u) => [u.movielensId ?? 'app', u.id] as const),
    );

    const r = await readTrainingRatings(t.db);
    const triples = Array.from(r.userIds, (u, i) => [u, r.movieIds[i], r.ratings[i]]);
    const expected = [
      [ids.get(500), 3, 2],
      [ids.get(500), 13, 4.5],
      [ids.get(7), 8, 0.5],
      [app.id, 8, 3.5],
    ].sort((a, b) => Number(a[0]) - Number(b[0]) || Number(a[1]) - Number(b[1]));
    expect(triples).toEqual(expected);
    expect(r.newestRatedAt).toEqual(newest);
  });
});
