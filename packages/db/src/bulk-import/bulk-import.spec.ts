import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  generateSyntheticMovieLens,
  movieLensStreamOf,
  MovieLensFormatError,
  openMovieLens,
  writeSyntheticMovieLens,
  type MovieLensStream,
} from '@marquee/movielens';
import {
  countCatalogue,
  createTestDatabase,
  emptyCatalogue,
  snapshotCatalogue,
  storedRatings,
  type TestDatabase,
} from '../testing';
import { bulkImportMovieLens, type BulkImportOptions } from './import';
import type { BulkImportEvent } from './progress';

const OPTIONS = { users: 40, movies: 60, ratingsPerUser: 12, seed: 11 };
const expected = generateSyntheticMovieLens(OPTIONS);
const RATINGS = expected.ratings.length;

describe('bulkImportMovieLens', () => {
  let t: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    t = await createTestDatabase('bulk_import');
    dir = await mkdtemp(join(tmpdir(), 'marquee-bulk-import-'));
    await writeSyntheticMovieLens(dir, OPTIONS);
  });
  afterAll(async () => {
    await t.drop();
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await emptyCatalogue(t.db);
  });

  const open = (source = dir) => openMovieLens({ source, env: {} });
  const run = async (
    dataset: MovieLensStream,
    options: BulkImportOptions = {},
    events: BulkImportEvent[] = [],
  ) => bulkImportMovieLens(t.url, dataset, (e) => events.push(e), options);

  /** The dataset's folder with ratings.csv changed by `edit` (its lines, header first). */
  async function folderWith(edit: (lines: string[]) => string[]): Promise<string> {
    const copy = await mkdtemp(join(tmpdir(), 'marquee-bulk-import-'));
    for (const name of ['movies.csv', 'links.csv']) {
      await writeFile(join(copy, name), await readFile(join(dir, name)));
    }
    const lines = expected.files['ratings.csv'].split('\r\n').slice(0, -1);
    await writeFile(join(copy, 'ratings.csv'), edit(lines).join('\r\n') + '\r\n');
    return copy;
  }

  const stored = () => storedRatings(t.db);
  const snapshot = () => snapshotCatalogue(t.db);
  const counts = () => countCatalogue(t.db);
  /** Every constraint and index of ratings, as the catalog defines them. */
  const ratingsKeys = () =>
    t.db.$queryRawUnsafe<{ name: string; definition: string }[]>(
      `SELECT conname AS name, pg_get_constraintdef(oid) AS definition
       FROM pg_constraint WHERE conrelid = 'ratings'::regclass
       UNION ALL
       SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid)
       FROM pg_index WHERE indrelid = 'ratings'::regclass
       ORDER BY 1`,
    );
  const stagingExists = async () =>
    (
      await t.db.$queryRawUnsafe<{ found: string | null }[]>(
        `SELECT to_regclass('movielens_import_ratings')::text AS found`,
      )
    )[0]?.found !== null;

  it('loads a first import into the empty tables: exactly the records of the files', async () => {
    const result = await run(await open(), { batchSize: 50 });
    expect(result).toEqual({
      inserted: { movies: OPTIONS.movies, users: OPTIONS.users, ratings: RATINGS },
      ratingsRead: RATINGS,
      mode: 'load',
    });

    const movies = await t.db.movie.findMany({ orderBy: { id: 'asc' } });
    expect(
      movies.map(({ id, title, year, genres, imdbId, tmdbId }) => ({
        movieId: id,
        title,
        year,
        genres,
        imdbId,
        tmdbId,
      })),
    ).toEqual([...expected.movies].sort((a, b) => a.movieId - b.movieId));

    const users = await t.db.user.findMany({ orderBy: { id: 'asc' } });
    expect(users.map((u) => [u.kind, u.movielensId])).toEqual(
      Array.from({ length: OPTIONS.users }, (_, i) => ['MOVIELENS', i + 1]),
    );

    const wanted = expected.ratings
      .map((r) => ({
        movielens_id: r.userId,
        movie_id: r.movieId,
        rating: r.rating,
        rated_at: new Date(r.timestamp * 1000),
      }))
      .sort((a, b) => a.movielens_id - b.movielens_id || a.movie_id - b.movie_id);
    expect(await stored()).toEqual(wanted);
    expect(await stagingExists()).toBe(false);
  });

  it('builds the keys of ratings again under the same names and definitions', async () => {
    const before = await ratingsKeys();
    expect(before.map((k) => k.name)).toEqual([
      'ratings_movie_id_fkey',
      'ratings_movie_id_idx',
      'ratings_pkey',
      'ratings_pkey',
      'ratings_rating_half_stars',
      'ratings_user_id_fkey',
    ]);
    const events: BulkImportEvent[] = [];
    await run(await open(), {}, events);
    expect(await ratingsKeys()).toEqual(before);
    expect(events.filter((e) => e.stage === 'key').map((e) => e.stage === 'key' && e.name)).toEqual(
      ['ratings_pkey', 'ratings_movie_id_idx', 'ratings_movie_id_fkey', 'ratings_user_id_fkey'],
    );
  });

  it('is idempotent: a second run inserts nothing and changes nothing', async () => {
    await run(await open());
    const before = await snapshot();
    const again = await run(await open());
    expect(again).toEqual({
      inserted: { movies: 0, users: 0, ratings: 0 },
      ratingsRead: RATINGS,
      mode: 'merge',
    });
    expect(await snapshot()).toEqual(before);
    // The rerun drew no ids from the users sequence: the next user follows the last one.
    const app = await t.db.user.create({ data: { kind: 'APP' } });
    expect(app.id).toBe(Math.max(...before.users.map((u) => u.id)) + 1);
  });

  it('merges into ratings that has rows: only what is missing goes in', async () => {
    const firstUsers = expected.ratings.filter((r) => r.userId <= 10);
    await run(movieLensStreamOf({ movies: expected.movies, ratings: firstUsers }));
    const app = await t.db.user.create({ data: { kind: 'APP' } });
    await t.db.rating.create({
      data: { userId: app.id, movieId: expected.movies[0]!.movieId, rating: 2 },
    });

    const result = await run(await open());
    expect(result.mode).toBe('merge');
    expect(result.inserted).toEqual({
      movies: 0,
      users: OPTIONS.users - 10,
      ratings: RATINGS - firstUsers.length,
    });
    expect(await counts()).toEqual({
      movies: OPTIONS.movies,
      users: OPTIONS.users + 1,
      ratings: RATINGS + 1,
    });
  });

  it('reports progress: movies, ratings read, users, ratings, keys, statistics, commit', async () => {
    const events: BulkImportEvent[] = [];
    await run(await open(), { batchSize: 100, movieBatchSize: 25, progressIntervalMs: 0 }, events);
    // The planner knows the loaded size at once (a never-analyzed table has reltuples -1).
    const [planned] = await t.db.$queryRaw<{ reltuples: number }[]>`
      SELECT reltuples FROM pg_class WHERE relname = 'ratings'`;
    expect(planned?.reltuples).toBe(RATINGS);
    expect(events.map((e) => e.stage)).toEqual([
      'movies',
      'movies',
      'movies',
      'read',
      'read',
      'read',
      'read',
      'read',
      'users',
      'ratings',
      'key',
      'key',
      'key',
      'key',
      'analyze',
      'commit',
    ]);
    const reads = events.filter((e) => e.stage === 'read');
    expect(reads.map((e) => e.stage === 'read' && e.rows)).toEqual([100, 200, 300, 400, RATINGS]);
    expect(reads.at(-1)).toMatchObject({ done: expect.any(Number) as number });

    const again: BulkImportEvent[] = [];
    await run(await open(), {}, again);
    expect(again.map((e) => e.stage)).toEqual([
      'movies',
      'read',
      'users',
      'ratings',
      'analyze',
      'commit',
    ]);
  });

  it('checks for pairs rated twice in the database when a file does not group users', async () => {
    await run(await open());
    // The last user's ratings first: the file's user ids are not in runs.
    const shuffled = await folderWith((lines) => [
      lines[0]!,
      ...lines.slice(-5),
      ...lines.slice(1, -5),
    ]);
    try {
      const events: BulkImportEvent[] = [];
      const result = await run(await open(shuffled), {}, events);
      expect(result.inserted).toEqual({ movies: 0, users: 0, ratings: 0 });
      expect(events.map((e) => e.stage)).toContain('duplicates');
    } finally {
      await rm(shuffled, { recursive: true, force: true });
    }
  });

  describe.each([
    ['into empty tables', false],
    ['into tables that have rows', true],
  ])('a failure %s leaves the database as it was', (_where, filled) => {
    let before: Awaited<ReturnType<typeof snapshot>>;
    let keys: Awaited<ReturnType<typeof ratingsKeys>>;
    beforeEach(async () => {
      if (filled) {
        const some = expected.ratings.filter((r) => r.userId <= 5);
        await run(
          movieLensStreamOf({
            movies: expected.movies.slice(0, 30),
            ratings: some.filter((r) => r.movieId <= 30),
          }),
        );
      }
      before = await snapshot();
      keys = await ratingsKeys();
    });
    const expectUnchanged = async () => {
      expect(await snapshot()).toEqual(before);
      expect(await ratingsKeys()).toEqual(keys);
      expect(await stagingExists()).toBe(false);
    };

    it('a malformed row, late in the file, fails naming the file and line', async () => {
      const bad = RATINGS - 3;
      const folder = await folderWith((lines) => {
        lines[bad - 1] = lines[bad - 1]!.replace(/,[0-9.]+,(\d+)$/, ',7.5,$1');
        return lines;
      });
      try {
        const error = await run(await open(folder), { batchSize: 20 }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(MovieLensFormatError);
        expect((error as Error).message).toBe(
          `ratings.csv line ${bad}: rating 7.5 is outside 0.5..5`,
        );
        await expectUnchanged();
      } finally {
        await rm(folder, { recursive: true, force: true });
      }
    });

    it('a bad row after batches already sent cancels the COPY', async () => {
      const ratings = [...expected.ratings];
      ratings.splice(RATINGS - 5, 0, { userId: 3, movieId: 999_999, rating: 4, timestamp: 1 });
      const events: BulkImportEvent[] = [];
      const dataset = movieLensStreamOf({ movies: expected.movies, ratings });
      const error = await run(dataset, { batchSize: 10, progressIntervalMs: 0 }, events).catch(
        (e: unknown) => e,
      );
      expect((error as Error).message).toBe(
        `ratings.csv line ${RATINGS - 3}: movieId 999999 is not in movies.csv`,
      );
      expect(events.filter((e) => e.stage === 'read').length).toBeGreaterThan(10);
      await expectUnchanged();
    });

    it("a movie rated twice among a user's ratings fails naming both lines", async () => {
      const folder = await folderWith((lines) => [
        ...lines.slice(0, 4),
        lines[2]!,
        ...lines.slice(4),
      ]);
      try {
        const error = await run(await open(folder)).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(MovieLensFormatError);
        const [userId, movieId] = expected.files['ratings.csv'].split('\r\n')[2]!.split(',');
        expect((error as Error).message).toBe(
          `ratings.csv line 5: user ${userId} already rated movie ${movieId} on line 3`,
        );
        await expectUnchanged();
      } finally {
        await rm(folder, { recursive: true, force: true });
      }
    });

    it('a rating given twice, users not grouped, fails naming both lines', async () => {
      const folder = await folderWith((lines) => [
        ...lines.slice(0, 300),
        lines[7]!,
        ...lines.slice(300),
      ]);
      try {
        const error = await run(await open(folder)).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(MovieLensFormatError);
        const [userId, movieId] = expected.files['ratings.csv'].split('\r\n')[7]!.split(',');
        expect((error as Error).message).toBe(
          `ratings.csv line 301: user ${userId} already rated movie ${movieId} on line 8`,
        );
        await expectUnchanged();
      } finally {
        await rm(folder, { recursive: true, force: true });
      }
    });

    it('a database failure mid-import rolls everything back; a rerun imports it all', async () => {
      const refused = expected.ratings[RATINGS - 1]!.movieId;
      await t.db.$executeRawUnsafe(`
        CREATE FUNCTION refuse_a_movie() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'refused a rating of movie %', NEW.movie_id; END $$`);
      await t.db.$executeRawUnsafe(`
        CREATE TRIGGER refuse_a_movie BEFORE INSERT ON ratings
        FOR EACH ROW WHEN (NEW.movie_id = ${refused}) EXECUTE FUNCTION refuse_a_movie()`);
      try {
        await expect(run(await open())).rejects.toThrow(`refused a rating of movie ${refused}`);
        await expectUnchanged();
      } finally {
        await t.db.$executeRawUnsafe('DROP TRIGGER refuse_a_movie ON ratings');
        await t.db.$executeRawUnsafe('DROP FUNCTION refuse_a_movie()');
      }
      await run(await open());
      expect(await counts()).toEqual({
        movies: OPTIONS.movies,
        users: OPTIONS.users,
        ratings: RATINGS,
      });
    });
  });
});
