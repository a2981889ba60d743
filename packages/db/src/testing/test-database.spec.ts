import { createTestDatabase, type TestDatabase } from './test-database';

describe('createTestDatabase', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase('selftest');
  });
  afterAll(async () => {
    await t.drop();
  });

  it('applies the migrations, including the half-star check on ratings', async () => {
    await t.db.movie.create({ data: { id: 1, title: 'Toy Story', year: 1995, genres: [] } });
    const user = await t.db.user.create({ data: { kind: 'APP' } });
    await expect(
      t.db.rating.create({ data: { userId: user.id, movieId: 1, rating: 3.3 } }),
    ).rejects.toThrow(/ratings_rating_half_stars/);
    await t.db.rating.create({ data: { userId: user.id, movieId: 1, rating: 3.5 } });
    expect(await t.db.rating.count()).toBe(1);
  });
});
