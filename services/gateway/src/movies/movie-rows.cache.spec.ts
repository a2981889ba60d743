import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { seedMovies, startTestGateway, type TestGateway } from '../testing/gateway-test-kit';
import { MOVIE_ROWS_TTL_MS, MovieRowsCache } from './movie-rows.cache';
import { MoviesRepository } from './movies.repository';
import { PosterService } from './poster.service';

/** Answers GET /3/movie/{id} with poster "/p<id>.jpg". */
function startTmdb(): Promise<Server> {
  const server = createServer((req, res) => {
    const id = Number(/\/3\/movie\/(\d+)/.exec(req.url ?? '')?.[1]);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id, poster_path: `/p${id}.jpg` }));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('MovieRowsCache (real Postgres)', () => {
  let tmdb: Server;
  let gw: TestGateway;
  let cache: MovieRowsCache;
  let reads: jest.SpyInstance;

  beforeAll(async () => {
    tmdb = await startTmdb();
    gw = await startTestGateway('movie_rows', {
      TMDB_API_KEY: 'secret-tmdb-key',
      TMDB_API_URL: `http://127.0.0.1:${(tmdb.address() as AddressInfo).port}/3`,
      POSTER_WAIT_MS: '2000',
    });
    await seedMovies(gw.db, 5);
    await gw.db.$executeRaw`UPDATE movies SET tmdb_id = 100 + id`;
    cache = gw.app.get(MovieRowsCache);
    reads = jest.spyOn(gw.app.get(MoviesRepository), 'findByIds');
  });

  afterAll(async () => {
    await gw.close();
    await new Promise((resolve) => tmdb.close(resolve));
  });

  afterEach(() => {
    jest.restoreAllMocks();
    reads = jest.spyOn(gw.app.get(MoviesRepository), 'findByIds');
  });

  it('reads each movie once, keeps the order of the ids, and leaves out unknown movies', async () => {
    const [first, second] = await Promise.all([
      cache.findByIds([3, 999, 1]),
      cache.findByIds([1, 2]),
    ]);
    expect(first.map((r) => r.id)).toEqual([3, 1]);
    expect(first[0]).toMatchObject({ title: 'Film 3', tmdbId: 103, posterPath: null });
    expect(second.map((r) => r.id)).toEqual([1, 2]);
    // The second call shared movie 1's read and read only movie 2.
    expect(reads.mock.calls).toEqual([[[3, 999, 1]], [[2]]]);

    reads.mockClear();
    expect((await cache.findByIds([2, 3])).map((r) => r.title)).toEqual(['Film 2', 'Film 3']);
    expect(reads).not.toHaveBeenCalled();
  });

  it('shows a poster this process found at once, without reading Postgres', async () => {
    const [before] = await cache.findByIds([4]);
    expect(before?.posterPath).toBeNull();
    reads.mockClear();

    await gw.app.get(PosterService).fill([before!]);

    const [after] = await cache.findByIds([4]);
    expect(after?.posterPath).toBe('/p104.jpg');
    expect(after?.posterCheckedAt).toBeInstanceOf(Date);
    expect(reads).not.toHaveBeenCalled();
    const row = await gw.db.movie.findUniqueOrThrow({ where: { id: 4 } });
    expect(row.posterPath).toBe('/p104.jpg');
    expect(row.posterCheckedAt?.getTime()).toBe(after?.posterCheckedAt?.getTime());
  });

  it('shows a poster written elsewhere (another gateway) once the TTL has passed', async () => {
    await cache.findByIds([5]);
    await gw.db.movie.update({
      where: { id: 5 },
      data: { posterPath: '/elsewhere.jpg', posterCheckedAt: new Date() },
    });
    const start = Date.now();
    const now = jest.spyOn(Date, 'now').mockReturnValue(start + MOVIE_ROWS_TTL_MS - 1000);
    expect((await cache.findByIds([5]))[0]?.posterPath).toBeNull();

    now.mockReturnValue(start + MOVIE_ROWS_TTL_MS + 1000);
    expect((await cache.findByIds([5]))[0]?.posterPath).toBe('/elsewhere.jpg');
  });

  it('fails the call when Postgres fails, and reads again on the next one', async () => {
    reads.mockRejectedValueOnce(new Error('connection refused'));
    const start = Date.now();
    jest.spyOn(Date, 'now').mockReturnValue(start + 2 * MOVIE_ROWS_TTL_MS + 10_000);
    await expect(cache.findByIds([1])).rejects.toThrow('connection refused');
    expect((await cache.findByIds([1]))[0]?.title).toBe('Film 1');
  });
});
