import { importMovieLens } from './movielens-import';
import { createTestDatabase, emptyCatalogue, type TestDatabase } from './testing';
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
    const r = await readTrainingRatings(t.url);
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

    const progress: [number, number][] = [];
    const r = await readTrainingRatings(t.url, (read, total) => progress.push([read, total]));
    expect(progress).toEqual([[4, 4]]);
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

  it('reads thousands of ratings, in user then movie order, exactly', async () => {
    await emptyCatalogue(t.db);
    await t.db.$executeRawUnsafe(
      `INSERT INTO movies (id, title, genres) SELECT g, 'Film ' || g, '{}' FROM generate_series(1, 60) g`,
    );
    await t.db.$executeRawUnsafe(
      `INSERT INTO users (kind) SELECT 'APP' FROM generate_series(1, 90)`,
    );
    // Every user rates the movies whose id shares a remainder with theirs: 2,700 ratings.
    await t.db.$executeRawUnsafe(
      `INSERT INTO ratings (user_id, movie_id, rating)
       SELECT u, m, 0.5 + ((u * 7 + m) % 10) * 0.5
       FROM generate_series(1, 90) u, generate_series(1, 60) m WHERE (u + m) % 2 = 0`,
    );
    const r = await readTrainingRatings(t.url);
    expect(r.ratings.length).toBe(2_700);
    const rows = Array.from(r.userIds, (u, i) => ({
      u,
      m: r.movieIds[i] ?? 0,
      stars: r.ratings[i],
    }));
    rows.forEach(({ u, m, stars }, i) => {
      expect((u + m) % 2).toBe(0);
      expect(stars).toBe(0.5 + ((u * 7 + m) % 10) * 0.5);
      const previous = rows[i - 1];
      if (previous) expect(previous.u < u || (previous.u === u && previous.m < m)).toBe(true);
    });
  });
});
