import request from 'supertest';
import type { Movie, MovieSampleResponse } from '@marquee/contracts';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadGatewayConfig } from '../config/gateway-config';
import { startTestGateway, type TestGateway } from '../testing/gateway-test-kit';
import { MovieRowsCache } from './movie-rows.cache';
import type { MoviesRepository } from './movies.repository';
import { PosterService, TMDB_CONCURRENCY } from './poster.service';
import type { PostersRepository } from './posters.repository';
import { TmdbClient } from './tmdb.client';

/** A real HTTP server that answers like TMDB's GET /3/movie/{id}. */
class FakeTmdb {
  readonly requests: string[] = [];
  /** Requests being answered right now, and the most at once. */
  inFlight = 0;
  maxInFlight = 0;
  /** tmdbId -> [status, body, delay ms]; anything else is a 404. */
  answers = new Map<number, [number, unknown, number]>();
  private readonly server: Server;
  private readonly timers = new Set<NodeJS.Timeout>();
  url = '';

  constructor() {
    this.server = createServer((req, res) => {
      this.requests.push(req.url ?? '');
      this.inFlight += 1;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      res.on('close', () => (this.inFlight -= 1));
      const id = Number(/\/3\/movie\/(\d+)/.exec(req.url ?? '')?.[1]);
      const [status, body, delay] = this.answers.get(id) ?? [404, { status_code: 34 }, 0];
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        if (!res.destroyed) {
          res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
        }
      }, delay);
      this.timers.add(timer);
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/3`;
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  ids(): number[] {
    return this.requests.map((url) => Number(/\/movie\/(\d+)/.exec(url)?.[1])).sort();
  }
}

const IMAGES = 'https://images.test/t/p/w342';
const tmdb = new FakeTmdb();

beforeAll(() => tmdb.start());
afterAll(() => tmdb.stop());

async function sample(gw: TestGateway): Promise<Map<number, Movie>> {
  const res = await request(gw.server).get('/api/movies/sample?count=50').expect(200);
  return new Map((res.body as MovieSampleResponse).movies.map((m) => [m.id, m]));
}

async function posterRow(gw: TestGateway, id: number) {
  return gw.db.movie.findUniqueOrThrow({
    where: { id },
    select: { posterPath: true, posterCheckedAt: true },
  });
}

describe('posters from TMDB (a fake TMDB server)', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway('posters', {
      TMDB_API_KEY: 'secret-tmdb-key',
      TMDB_API_URL: tmdb.url,
      TMDB_IMAGE_URL: IMAGES,
      TMDB_TIMEOUT_MS: '300',
      POSTER_WAIT_MS: '1500',
    });
    await gw.db.movie.createMany({
      data: [
        { id: 1, title: 'Found', tmdbId: 101 },
        { id: 2, title: 'Unknown to TMDB', tmdbId: 102 },
        { id: 3, title: 'No poster on TMDB', tmdbId: 103 },
        { id: 4, title: 'No tmdbId' },
        {
          id: 5,
          title: 'Cached',
          tmdbId: 105,
          posterPath: '/cached.jpg',
          posterCheckedAt: new Date(),
        },
        { id: 6, title: 'Odd path', tmdbId: 106 },
      ].map((m) => ({ year: 2000, genres: ['Drama'], ...m })),
    });
    tmdb.answers.set(101, [200, { id: 101, poster_path: '/p101.jpg' }, 0]);
    tmdb.answers.set(103, [200, { id: 103, poster_path: null }, 0]);
    tmdb.answers.set(106, [200, { id: 106, poster_path: 'javascript:alert(1)' }, 0]);
    tmdb.answers.set(105, [200, { id: 105, poster_path: '/never-asked.jpg' }, 0]);
  });

  afterAll(() => gw.close());

  it('looks posters up by tmdbId with the key, server-side, and caches answers in Postgres', async () => {
    tmdb.requests.length = 0;
    const movies = await sample(gw);

    expect(movies.get(1)?.posterUrl).toBe(`${IMAGES}/p101.jpg`);
    expect(movies.get(5)?.posterUrl).toBe(`${IMAGES}/cached.jpg`);
    for (const id of [2, 3, 4, 6]) expect(movies.get(id)?.posterUrl).toBeNull();
    // Only movies with a tmdbId and no cached answer; the key goes to TMDB, never to the browser.
    expect(tmdb.ids()).toEqual([101, 102, 103, 106]);
    for (const url of tmdb.requests) expect(url).toContain('api_key=secret-tmdb-key');
    expect(JSON.stringify([...movies.values()])).not.toContain('secret-tmdb-key');

    expect(await posterRow(gw, 1)).toEqual({
      posterPath: '/p101.jpg',
      posterCheckedAt: expect.any(Date),
    });
    // "TMDB has none" is cached too (negative caching), not asked again on every page.
    for (const id of [2, 3, 6]) {
      expect(await posterRow(gw, id)).toEqual({
        posterPath: null,
        posterCheckedAt: expect.any(Date),
      });
    }
    expect(await posterRow(gw, 4)).toEqual({ posterPath: null, posterCheckedAt: null });
  });

  it('does not ask TMDB again for movies it already answered', async () => {
    tmdb.requests.length = 0;
    const movies = await sample(gw);
    expect(movies.get(1)?.posterUrl).toBe(`${IMAGES}/p101.jpg`);
    expect(tmdb.requests).toEqual([]);
  });

  it('answers without the poster when TMDB is slow, caches nothing, and pauses lookups', async () => {
    await gw.db.movie.create({
      data: { id: 7, title: 'Slow', year: 2000, genres: ['Drama'], tmdbId: 107 },
    });
    tmdb.answers.set(107, [200, { poster_path: '/p107.jpg' }, 5000]);
    tmdb.requests.length = 0;

    const started = Date.now();
    const movies = await sample(gw);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(movies.get(7)?.posterUrl).toBeNull();
    expect(tmdb.ids()).toEqual([107]);
    // A failure is not a "no poster" answer: the movie is asked about again later.
    expect(await posterRow(gw, 7)).toEqual({ posterPath: null, posterCheckedAt: null });

    // TMDB just failed: the next page does not wait on it again for any movie.
    await gw.db.movie.create({
      data: { id: 8, title: 'After the failure', year: 2000, genres: ['Drama'], tmdbId: 108 },
    });
    tmdb.answers.set(108, [200, { poster_path: '/p108.jpg' }, 0]);
    tmdb.requests.length = 0;
    const again = Date.now();
    const next = await sample(gw);
    expect(Date.now() - again).toBeLessThan(1000);
    expect(next.get(8)?.posterUrl).toBeNull();
    expect(tmdb.requests).toEqual([]);
  });
});

describe('posters filled in the background', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway('posters_later', {
      TMDB_API_KEY: 'eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl', // a v4 token (JWT)
      TMDB_API_URL: tmdb.url,
      TMDB_IMAGE_URL: IMAGES,
      POSTER_WAIT_MS: '0',
    });
    await gw.db.movie.create({
      data: { id: 1, title: 'Later', year: 2000, genres: ['Drama'], tmdbId: 201 },
    });
    tmdb.answers.set(201, [200, { poster_path: '/p201.jpg' }, 200]);
  });

  afterAll(() => gw.close());

  it('serves the card at once without a poster, and with it once the lookup is done', async () => {
    tmdb.requests.length = 0;
    expect((await sample(gw)).get(1)?.posterUrl).toBeNull();

    const deadline = Date.now() + 3000;
    while ((await posterRow(gw, 1)).posterPath === null) {
      if (Date.now() > deadline) throw new Error('the background lookup never cached the poster');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect((await sample(gw)).get(1)?.posterUrl).toBe(`${IMAGES}/p201.jpg`);
    expect(tmdb.requests).toHaveLength(1);
    // A v4 token goes in the Authorization header, not the URL.
    expect(tmdb.requests[0]).not.toContain('api_key');
  });
});

describe('posters looked up a few at a time', () => {
  let gw: TestGateway;
  const MOVIES = 12;

  beforeAll(async () => {
    gw = await startTestGateway('posters_limit', {
      TMDB_API_KEY: 'secret-tmdb-key',
      TMDB_API_URL: tmdb.url,
      TMDB_IMAGE_URL: IMAGES,
      POSTER_WAIT_MS: '0',
    });
    await gw.db.movie.createMany({
      data: Array.from({ length: MOVIES }, (_, i) => ({
        id: i + 1,
        title: `Film ${i + 1}`,
        year: 2000,
        genres: ['Drama'],
        tmdbId: 300 + i,
      })),
    });
    for (let i = 0; i < MOVIES; i++) {
      tmdb.answers.set(300 + i, [200, { poster_path: `/p${300 + i}.jpg` }, 100]);
    }
  });

  afterAll(() => gw.close());

  it(`asks TMDB for at most ${TMDB_CONCURRENCY} posters at once, and gets them all`, async () => {
    tmdb.requests.length = 0;
    tmdb.maxInFlight = 0;
    await sample(gw);
    const deadline = Date.now() + 5000;
    while ((await gw.db.movie.count({ where: { posterPath: { not: null } } })) < MOVIES) {
      if (Date.now() > deadline) throw new Error('the background lookups never finished');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(tmdb.requests).toHaveLength(MOVIES);
    expect(tmdb.maxInFlight).toBe(TMDB_CONCURRENCY);
  });
});

describe('PosterService without TMDB_API_KEY', () => {
  it('never calls TMDB and leaves rows as they are', async () => {
    const config = loadGatewayConfig({ TMDB_API_URL: tmdb.url, TMDB_IMAGE_URL: IMAGES });
    const saved: number[] = [];
    const repository = {
      save: async (id: number) => void saved.push(id),
    } as unknown as PostersRepository;
    const movieRows = new MovieRowsCache({} as MoviesRepository);
    const posters = new PosterService(config, new TmdbClient(config), repository, movieRows);
    tmdb.requests.length = 0;

    const row = { id: 1, tmdbId: 101, posterPath: null, posterCheckedAt: null };
    expect(await posters.fill([row])).toEqual([row]);
    expect(tmdb.requests).toEqual([]);
    expect(saved).toEqual([]);
    expect(posters.posterUrl({ posterPath: '/x.jpg' })).toBe(`${IMAGES}/x.jpg`);
  });
});
