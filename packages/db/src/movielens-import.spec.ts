import type { MovieLensData, MovieRecord, RatingRecord } from '@marquee/movielens';
import { isDbError } from './errors';
import { importMovieLens, type ImportProgress } from './movielens-import';
import {
  createTestDatabase,
  emptyCatalogue,
  snapshotCatalogue,
  storedRatings,
  type TestDatabase,
} from './testing';

const movie = (movieId: number, over: Partial<MovieRecord> = {}): MovieRecord => ({
  movieId,
  title: `Film ${movieId}`,
  year: 1990 + movieId,
  genres: ['Drama'],
  imdbId: String(movieId).padStart(7, '0'),
  tmdbId: 1000 + movieId,
  ...over,
});

const rating = (
  userId: number,
  movieId: number,
  value: number,
  timestamp: number,
): RatingRecord => ({
  userId,
  movieId,
  rating: value,
  timestamp,
});

/** Three MovieLens users with sparse ids, four movies (one without TMDB id, year or genres). */
function smallDataset(): MovieLensData {
  return {
    movies: [
      movie(1, { title: 'Toy Story', genres: ['Adventure', 'Animation', 'Children'] }),
      movie(2, { title: 'Heat, the "original"' }),
      movie(5, { title: 'Untitled', year: null, genres: [], tmdbId: null, imdbId: null }),
      movie(7),
    ],
    ratings: [
      rating(30, 1, 4, 964_982_703),
      rating(10, 1, 3.5, 1_100_000_000),
      rating(10, 2, 0.5, 1_100_000_060),
      rating(20, 5, 5, 1_500_000_000),
      rating(20, 7, 2.5, 1_400_000_000),
      rating(30, 2, 1, 964_982_000),
      rating(30, 7, 4.5, 1_537_799_250),
    ],
  };
}

describe('importMovieLens', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase('import');
  });
  afterAll(async () => {
    await t.drop();
  });
  beforeEach(async () => {
    await emptyCatalogue(t.db);
  });

  const stored = () => storedRatings(t.db);
  const snapshot = () => snapshotCatalogue(t.db);

  it('imports movies, users and ratings and reports what it inserted', async () => {
    const data = smallDataset();
    const counts = await importMovieLens(t.db, data);
    expect(counts).toEqual({ movies: 4, users: 3, ratings: 7 });
    expect(await t.db.movie.count()).toBe(4);
    expect(await t.db.user.count()).toBe(3);
    expect(await t.db.rating.count()).toBe(7);
  });

  it('maps MovieLens users to users rows and keeps every rating and its time', async () => {
    const data = smallDataset();
    await importMovieLens(t.db, data);
    const users = await t.db.user.findMany({ orderBy: { movielensId: 'asc' } });
    expect(users.map((u) => [u.kind, u.movielensId, u.anonId])).toEqual([
      ['MOVIELENS', 10, null],
      ['MOVIELENS', 20, null],
      ['MOVIELENS', 30, null],
    ]);
    const expected = data.ratings
      .map((r) => ({
        movielens_id: r.userId,
        movie_id: r.movieId,
        rating: r.rating,
        rated_at: new Date(r.timestamp * 1000),
      }))
      .sort((a, b) => a.movielens_id - b.movielens_id || a.movie_id - b.movie_id);
    expect(await stored()).toEqual(expected);
  });

  it('stores movie fields as given, including a movie with no TMDB id, year or genres', async () => {
    await importMovieLens(t.db, smallDataset());
    expect(await t.db.movie.findUnique({ where: { id: 5 } })).toMatchObject({
      title: 'Untitled',
      year: null,
      genres: [],
      imdbId: null,
      tmdbId: null,
      posterPath: null,
    });
    expect(await t.db.movie.findUnique({ where: { id: 2 } })).toMatchObject({
      title: 'Heat, the "original"',
      year: 1992,
      genres: ['Drama'],
      imdbId: '0000002',
      tmdbId: 1002,
    });
    const toyStory = await t.db.movie.findUnique({ where: { id: 1 } });
    expect(toyStory?.genres).toEqual(['Adventure', 'Animation', 'Children']);
  });

  it('is idempotent: a second run inserts nothing and changes nothing', async () => {
    const data = smallDataset();
    await importMovieLens(t.db, data);
    const before = await snapshot();
    expect(await importMovieLens(t.db, data)).toEqual({ movies: 0, users: 0, ratings: 0 });
    expect(await snapshot()).toEqual(before);
    // The rerun drew no ids from the users sequence: the next user follows the last one.
    const app = await t.db.user.create({ data: { kind: 'APP' } });
    expect(app.id).toBe(Math.max(...before.users.map((u) => u.id)) + 1);
  });

  it('completes an earlier, smaller import with only what is missing', async () => {
    const data = smallDataset();
    await importMovieLens(t.db, {
      movies: data.movies.slice(0, 2),
      ratings: data.ratings.filter((r) => r.movieId <= 2 && r.userId !== 30),
    });
    expect(await importMovieLens(t.db, data)).toEqual({ movies: 2, users: 2, ratings: 5 });
    expect(await t.db.rating.count()).toBe(7);
  });

  it('imports in batches and reports progress by stage', async () => {
    const progress: ImportProgress[] = [];
    await importMovieLens(t.db, smallDataset(), (p) => progress.push(p), { batchSize: 3 });
    expect(progress.map((p) => `${p.stage} ${p.processed}/${p.total}`)).toEqual([
      'movies 3/4',
      'movies 4/4',
      'users 3/3',
      'ratings 3/7',
      'ratings 6/7',
      'ratings 7/7',
    ]);
    expect(progress.at(-1)?.inserted).toEqual({ movies: 4, users: 3, ratings: 7 });
    expect(progress[3]?.inserted).toEqual({ movies: 4, users: 3, ratings: 3 });
    expect(await t.db.rating.count()).toBe(7);
  });

  it('leaves nothing behind when the database fails mid-import, and a rerun imports it all', async () => {
    // A real failure inside the transaction, after movies and users and some ratings are in.
    await t.db.$executeRawUnsafe(`
      CREATE FUNCTION refuse_movie_7() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'refused rating of movie 7'; END $$`);
    await t.db.$executeRawUnsafe(`
      CREATE TRIGGER refuse_movie_7 BEFORE INSERT ON ratings
      FOR EACH ROW WHEN (NEW.movie_id = 7) EXECUTE FUNCTION refuse_movie_7()`);
    try {
      await expect(
        importMovieLens(t.db, smallDataset(), undefined, { batchSize: 2 }),
      ).rejects.toThrow(/refused rating of movie 7/);
      expect(await t.db.movie.count()).toBe(0);
      expect(await t.db.user.count()).toBe(0);
      expect(await t.db.rating.count()).toBe(0);
    } finally {
      await t.db.$executeRawUnsafe('DROP TRIGGER refuse_movie_7 ON ratings');
      await t.db.$executeRawUnsafe('DROP FUNCTION refuse_movie_7()');
    }
    expect(await importMovieLens(t.db, smallDataset())).toEqual({
      movies: 4,
      users: 3,
      ratings: 7,
    });
  });

  it('refuses invalid data before writing anything, saying what is wrong', async () => {
    const data = smallDataset();
    data.ratings.push(rating(40, 99, 4, 1_000_000_000), rating(40, 1, 3.3, 1_000_000_000));
    const error = await importMovieLens(t.db, data).catch((e: unknown) => e);
    expect(isDbError(error, 'INVALID_IMPORT_DATA')).toBe(true);
    expect((error as Error).message).toMatch(/ratings\[7\]: movieId 99 is not among the movies/);
    expect((error as Error).message).toMatch(/ratings\[8\]: rating 3.3 is not 0.5 to 5/);
    expect(await t.db.movie.count()).toBe(0);
  });
});
