import { createTestDatabase, emptyCatalogue, type TestDatabase } from './testing';

/**
 * movie_rating_stats is kept by triggers on ratings (migration
 * movie_rating_stats_and_search_title): after any write it must equal a count of the ratings.
 */
describe('movie_rating_stats', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase('rating_stats');
  });
  afterAll(async () => {
    await t.drop();
  });
  beforeEach(async () => {
    await emptyCatalogue(t.db);
    await t.db.movie.createMany({
      data: [1, 2, 3].map((id) => ({ id, title: `Film ${id}`, genres: [] })),
    });
    await t.db.user.createMany({
      data: [1, 2, 3].map((id) => ({ id, kind: 'MOVIELENS' as const, movielensId: id })),
    });
  });

  const stats = async () =>
    (await t.db.movieRatingStats.findMany({ orderBy: { movieId: 'asc' } })).map((s) => [
      s.movieId,
      s.ratingCount,
      s.ratingSum,
    ]);
  /** The same figures counted from the ratings themselves. */
  const counted = async () =>
    (
      await t.db.rating.groupBy({
        by: ['movieId'],
        _count: { movieId: true },
        _sum: { rating: true },
        orderBy: { movieId: 'asc' },
      })
    ).map((r) => [r.movieId, r._count.movieId, r._sum.rating]);
  const rate = (userId: number, movieId: number, rating: number) =>
    t.db.$executeRaw`
      INSERT INTO ratings (user_id, movie_id, rating, rated_at) VALUES (${userId}, ${movieId}, ${rating}::real, now())
      ON CONFLICT (user_id, movie_id) DO UPDATE SET rating = EXCLUDED.rating`;

  it('counts inserted ratings, one statement or many', async () => {
    await t.db.rating.createMany({
      data: [
        { userId: 1, movieId: 1, rating: 4, ratedAt: new Date() },
        { userId: 2, movieId: 1, rating: 3.5, ratedAt: new Date() },
        { userId: 1, movieId: 2, rating: 1, ratedAt: new Date() },
      ],
    });
    await rate(3, 1, 5);
    expect(await stats()).toEqual([
      [1, 3, 12.5],
      [2, 1, 1],
    ]);
    expect(await stats()).toEqual(await counted());
  });

  it('follows a changed rating (an upsert that updates) without counting it twice', async () => {
    await rate(1, 1, 2);
    await rate(1, 1, 4.5);
    await t.db.rating.updateMany({ where: { userId: 1, movieId: 1 }, data: { movieId: 3 } });
    expect(await stats()).toEqual([
      [1, 0, 0],
      [3, 1, 4.5],
    ]);
  });

  it('forgets deleted ratings, by a delete, a deleted user or a truncate', async () => {
    await rate(1, 1, 4);
    await rate(2, 1, 3);
    await rate(2, 2, 5);
    await t.db.rating.deleteMany({ where: { userId: 1 } });
    expect(await stats()).toEqual([
      [1, 1, 3],
      [2, 1, 5],
    ]);
    await t.db.user.delete({ where: { id: 2 } });
    expect(await stats()).toEqual([
      [1, 0, 0],
      [2, 0, 0],
    ]);
    await rate(3, 2, 2);
    await t.db.$executeRawUnsafe('TRUNCATE ratings');
    expect(await stats()).toEqual([]);
    await rate(3, 2, 2);
    expect(await stats()).toEqual([[2, 1, 2]]);
  });

  it('goes with its film', async () => {
    await rate(1, 3, 4);
    await t.db.movie.delete({ where: { id: 3 } });
    expect(await stats()).toEqual([]);
  });
});

describe('movies.search_title', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase('search_title');
  });
  afterAll(async () => {
    await t.drop();
  });

  it('is the title lower-cased, without accents or punctuation, padded; the shown form moves the article', async () => {
    await emptyCatalogue(t.db);
    await t.db.movie.create({
      data: { id: 1, title: 'Léon: The Professional (1994)', genres: [] },
    });
    await t.db.movie.create({ data: { id: 2, title: 'Matrix, The (1999)', genres: [] } });
    await t.db.movie.update({ where: { id: 1 }, data: { title: 'Léon (1994)' } });
    const rows = await t.db.$queryRaw<{ id: number; plain: string; display: string }[]>`
      SELECT id, search_title AS plain, search_display_title AS display FROM movies ORDER BY id`;
    expect(rows).toEqual([
      { id: 1, plain: ' leon 1994 ', display: ' leon 1994 ' },
      { id: 2, plain: ' matrix the 1999 ', display: ' the matrix 1999 ' },
    ]);
  });
});
