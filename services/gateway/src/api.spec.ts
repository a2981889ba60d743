import request from 'supertest';
import type { Movie, RatedMovie } from '@marquee/contracts';
import {
  countRows,
  seedMovieLensRatings,
  seedMovies,
  startTestGateway,
  type TestGateway,
} from './testing/gateway-test-kit';
import { IDENTITY_COOKIE } from './identity/identity.middleware';

const MOVIES = 60;
const POPULAR = [1, 2, 3, 4, 5];

let gw: TestGateway;

beforeAll(async () => {
  gw = await startTestGateway('api');
  await seedMovies(gw.db, MOVIES, 1, (id) => (id === 1 ? { posterPath: '/one.jpg' } : {}));
  // Movies 1..5 are the only ones with ratings, so they are the "films people know".
  await seedMovieLensRatings(
    gw.db,
    POPULAR.map((movieId) => ({ movieId, raters: 10 - movieId })),
  );
});

afterAll(async () => {
  await gw.close();
});

function agent() {
  return request.agent(gw.server);
}

function cookieHeader(res: request.Response): string {
  const raw = res.headers['set-cookie'] as unknown as string[] | undefined;
  return (raw ?? []).find((c) => c.startsWith(`${IDENTITY_COOKIE}=`)) ?? '';
}

describe('identity', () => {
  it('sets a signed, httpOnly, SameSite=Lax cookie once, and creates no user on reads', async () => {
    const client = agent();
    const before = await countRows(gw.db);
    const first = await client.get('/api/ratings').expect(200);
    const cookie = cookieHeader(first);
    expect(cookie).toMatch(/^marquee_uid=s%3A[0-9a-f-]{36}\./);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    const second = await client.get('/api/movies/sample').expect(200);
    expect(cookieHeader(second)).toBe('');
    expect(await countRows(gw.db)).toEqual(before);
  });

  it('does not trust an unsigned or tampered cookie: it gets a fresh identity', async () => {
    const owner = agent();
    const put = await owner.put('/api/ratings/7').send({ rating: 4 }).expect(200);
    const signed = cookieHeader(put).split(';')[0]!.slice(`${IDENTITY_COOKIE}=`.length);
    const uuid = decodeURIComponent(signed).slice(2, 38);
    const forged = [uuid, `${signed.slice(0, -3)}abc`];
    for (const value of forged) {
      const res = await request(gw.server)
        .get('/api/ratings')
        .set('Cookie', `${IDENTITY_COOKIE}=${value}`)
        .expect(200);
      expect(res.body).toEqual({ ratings: [] });
      expect(cookieHeader(res)).toMatch(/^marquee_uid=s%3A/);
      expect(cookieHeader(res)).not.toContain(uuid);
    }
    // The real cookie still reaches the owner's data.
    const mine = await request(gw.server)
      .get('/api/ratings')
      .set('Cookie', `${IDENTITY_COOKIE}=${signed}`)
      .expect(200);
    expect((mine.body.ratings as RatedMovie[]).map((r) => r.movie.id)).toEqual([7]);
  });
});

describe('GET /api/movies/sample', () => {
  it('returns the requested number of distinct movies, default 12, with poster URLs', async () => {
    const res = await agent().get('/api/movies/sample').expect(200);
    const movies = res.body.movies as Movie[];
    expect(movies).toHaveLength(12);
    expect(new Set(movies.map((m) => m.id)).size).toBe(12);
    const one = movies.find((m) => m.id === 1);
    expect(one).toEqual({
      id: 1,
      title: 'Film 1',
      year: 1991,
      genres: ['Comedy', 'Romance'],
      posterUrl: 'https://image.tmdb.org/t/p/w342/one.jpg',
    });
    expect(movies.find((m) => m.id === 2)?.posterUrl).toBeNull();
  });

  it('prefers the most-rated movies', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await agent().get('/api/movies/sample?count=5').expect(200);
      expect((res.body.movies as Movie[]).map((m) => m.id).sort()).toEqual(POPULAR);
    }
  });

  it('excludes movies the user rated or skipped', async () => {
    const client = agent();
    await client.put('/api/ratings/1').send({ rating: 5 }).expect(200);
    await client.put('/api/ratings/10').send({ rating: 2 }).expect(200);
    await client.post('/api/skips').send({ movieId: 2 }).expect(200);
    await client.post('/api/skips').send({ movieId: 11 }).expect(200);
    const res = await client.get('/api/movies/sample?count=50').expect(200);
    const ids = (res.body.movies as Movie[]).map((m) => m.id);
    expect(ids).toHaveLength(50);
    for (const seen of [1, 2, 10, 11]) {
      expect(ids).not.toContain(seen);
    }
    // The remaining popular movies come first in preference.
    expect(ids).toEqual(expect.arrayContaining([3, 4, 5]));
  });
});

describe('ratings', () => {
  it('rates, lists newest first, changes a rating (upsert) and deletes it', async () => {
    const client = agent();
    await client
      .put('/api/ratings/20')
      .send({ rating: 3.5 })
      .expect(200, { movieId: 20, rating: 3.5 });
    await client.put('/api/ratings/21').send({ rating: 0.5 }).expect(200);
    await client.put('/api/ratings/20').send({ rating: 5 }).expect(200, { movieId: 20, rating: 5 });

    const list = (await client.get('/api/ratings').expect(200)).body.ratings as RatedMovie[];
    expect(list.map((r) => [r.movie.id, r.rating])).toEqual([
      [20, 5],
      [21, 0.5],
    ]);
    expect(list[0]!.movie.title).toBe('Film 20');
    expect(Date.parse(list[0]!.ratedAt)).toBeGreaterThanOrEqual(Date.parse(list[1]!.ratedAt));
    const user = await gw.db.user.findMany({
      where: { ratings: { some: { movieId: 21, rating: 0.5 } }, kind: 'APP' },
    });
    expect(user).toHaveLength(1);
    expect(await gw.db.rating.count({ where: { userId: user[0]!.id } })).toBe(2);

    await client.delete('/api/ratings/20').expect(204);
    const after = (await client.get('/api/ratings').expect(200)).body.ratings as RatedMovie[];
    expect(after.map((r) => r.movie.id)).toEqual([21]);
    const gone = await client.delete('/api/ratings/20').expect(404);
    expect(gone.body).toMatchObject({ statusCode: 404, code: 'RATING_NOT_FOUND' });
  });

  it('keeps each client to its own ratings', async () => {
    const alice = agent();
    const bob = agent();
    await alice.put('/api/ratings/30').send({ rating: 4 }).expect(200);
    await bob.get('/api/ratings').expect(200, { ratings: [] });
    await bob.delete('/api/ratings/30').expect(404);
    await bob.put('/api/ratings/30').send({ rating: 1 }).expect(200);
    const aliceList = (await alice.get('/api/ratings')).body.ratings as RatedMovie[];
    expect(aliceList.map((r) => [r.movie.id, r.rating])).toEqual([[30, 4]]);
    const bobList = (await bob.get('/api/ratings')).body.ratings as RatedMovie[];
    expect(bobList.map((r) => [r.movie.id, r.rating])).toEqual([[30, 1]]);
  });
});

describe('POST /api/skips', () => {
  it('records the skip once and returns a replacement the user has not seen', async () => {
    const client = agent();
    await client.put('/api/ratings/3').send({ rating: 4 }).expect(200);
    await client.post('/api/skips').send({ movieId: 4 }).expect(200);
    const res = await client.post('/api/skips').send({ movieId: 5 }).expect(200);
    const replacement = res.body.replacement as Movie;
    expect(replacement).toMatchObject({ title: expect.stringMatching(/^Film \d+$/) });
    expect([3, 4, 5]).not.toContain(replacement.id);
    // Idempotent: skipping again records nothing new.
    const before = await countRows(gw.db);
    await client.post('/api/skips').send({ movieId: 5 }).expect(200);
    expect(await countRows(gw.db)).toEqual(before);
  });

  it('returns a null replacement when every movie has been rated or skipped', async () => {
    const t = await startTestGateway('skips_small');
    try {
      await seedMovies(t.db, 2);
      const client = request.agent(t.server);
      await client.put('/api/ratings/1').send({ rating: 3 }).expect(200);
      await client.post('/api/skips').send({ movieId: 2 }).expect(200, { replacement: null });
      await client.get('/api/movies/sample').expect(200, { movies: [] });
    } finally {
      await t.close();
    }
  });
});

describe('bad input writes nothing and answers a clear 4xx', () => {
  type Case = {
    name: string;
    send: (c: ReturnType<typeof agent>) => request.Test;
    status: number;
    message?: RegExp;
    detail?: string;
  };
  const big = { rating: 4, padding: 'x'.repeat(11 * 1024) };
  const cases: Case[] = [
    // GET /api/movies/sample
    {
      name: 'sample count=0',
      send: (c) => c.get('/api/movies/sample?count=0'),
      status: 400,
      detail: 'count: count must be at least 1',
    },
    {
      name: 'sample count=abc',
      send: (c) => c.get('/api/movies/sample?count=abc'),
      status: 400,
      detail: 'count: count must be a number',
    },
    {
      name: 'sample count=51',
      send: (c) => c.get('/api/movies/sample?count=51'),
      status: 400,
      detail: 'count: count must be at most 50',
    },
    {
      name: 'sample unknown parameter',
      send: (c) => c.get('/api/movies/sample?limit=3'),
      status: 400,
      detail: 'limit: unknown field',
    },
    // PUT /api/ratings/:movieId
    {
      name: 'rating of a non-numeric id',
      send: (c) => c.put('/api/ratings/abc').send({ rating: 4 }),
      status: 400,
      detail: 'movieId: movieId must be a number',
    },
    {
      name: 'rating of id 0',
      send: (c) => c.put('/api/ratings/0').send({ rating: 4 }),
      status: 400,
      detail: 'movieId: movieId must be positive',
    },
    {
      name: 'rating of a fractional id',
      send: (c) => c.put('/api/ratings/1.5').send({ rating: 4 }),
      status: 400,
      detail: 'movieId: movieId must be an integer',
    },
    {
      name: 'rating not a half star',
      send: (c) => c.put('/api/ratings/1').send({ rating: 3.3 }),
      status: 400,
      detail: 'rating: rating must be a multiple of 0.5',
    },
    {
      name: 'rating above 5',
      send: (c) => c.put('/api/ratings/1').send({ rating: 6 }),
      status: 400,
      detail: 'rating: rating must be at most 5',
    },
    {
      name: 'rating 0',
      send: (c) => c.put('/api/ratings/1').send({ rating: 0 }),
      status: 400,
      detail: 'rating: rating must be at least 0.5',
    },
    {
      name: 'rating as a string',
      send: (c) => c.put('/api/ratings/1').send({ rating: '4' }),
      status: 400,
      detail: 'rating: rating must be a number',
    },
    {
      name: 'rating missing',
      send: (c) => c.put('/api/ratings/1').send({}),
      status: 400,
      detail: 'rating: rating must be a number',
    },
    {
      name: 'rating with an unknown field',
      send: (c) => c.put('/api/ratings/1').send({ rating: 4, comment: 'great' }),
      status: 400,
      detail: 'comment: unknown field',
    },
    {
      name: 'rating with malformed JSON',
      send: (c) =>
        c.put('/api/ratings/1').set('Content-Type', 'application/json').send('{"rating":'),
      status: 400,
      message: /not valid JSON/,
    },
    {
      name: 'rating sent as text/plain',
      send: (c) => c.put('/api/ratings/1').set('Content-Type', 'text/plain').send('rating=4'),
      status: 400,
      message: /must be JSON \(Content-Type: application\/json\)/,
    },
    {
      name: 'rating sent as a form',
      send: (c) => c.put('/api/ratings/1').type('form').send({ rating: 4 }),
      status: 400,
      message: /must be JSON/,
    },
    {
      name: 'rating with no body',
      send: (c) => c.put('/api/ratings/1'),
      status: 400,
      message: /must be a JSON object/,
    },
    {
      name: 'rating body over 10kb',
      send: (c) => c.put('/api/ratings/1').send(big),
      status: 413,
      message: /larger than 10kb/,
    },
    {
      name: 'rating of an unknown film',
      send: (c) => c.put('/api/ratings/9999').send({ rating: 4 }),
      status: 404,
      message: /no film with id 9999/,
    },
    // DELETE /api/ratings/:movieId
    {
      name: 'delete with a bad id',
      send: (c) => c.delete('/api/ratings/x1'),
      status: 400,
      detail: 'movieId: movieId must be a number',
    },
    {
      name: 'delete of a film never rated',
      send: (c) => c.delete('/api/ratings/1'),
      status: 404,
      message: /not rated the film with id 1/,
    },
    // POST /api/skips
    {
      name: 'skip with a string id',
      send: (c) => c.post('/api/skips').send({ movieId: '1' }),
      status: 400,
      detail: 'movieId: Invalid input: expected number, received string',
    },
    {
      name: 'skip without an id',
      send: (c) => c.post('/api/skips').send({}),
      status: 400,
      detail: 'movieId: Invalid input: expected number, received undefined',
    },
    {
      name: 'skip with an unknown field',
      send: (c) => c.post('/api/skips').send({ movieId: 1, reason: 'seen' }),
      status: 400,
      detail: 'reason: unknown field',
    },
    {
      name: 'skip with malformed JSON',
      send: (c) => c.post('/api/skips').set('Content-Type', 'application/json').send('nope'),
      status: 400,
      message: /not valid JSON/,
    },
    {
      name: 'skip body over 10kb',
      send: (c) => c.post('/api/skips').send({ movieId: 1, padding: big.padding }),
      status: 413,
      message: /larger than 10kb/,
    },
    {
      name: 'skip of an unknown film',
      send: (c) => c.post('/api/skips').send({ movieId: 123456 }),
      status: 404,
      message: /no film with id 123456/,
    },
    // GET /api/recommendations (validation runs before anything else)
    {
      name: 'recommendations count=31',
      send: (c) => c.get('/api/recommendations?count=31'),
      status: 400,
      detail: 'count: count must be at most 30',
    },
    {
      name: 'recommendations unknown parameter',
      send: (c) => c.get('/api/recommendations?user=1'),
      status: 400,
      detail: 'user: unknown field',
    },
    // Unknown routes
    {
      name: 'unknown /api route',
      send: (c) => c.get('/api/nothing-here'),
      status: 404,
      message: /Cannot GET \/api\/nothing-here/,
    },
    {
      name: 'unknown route outside /api',
      send: (c) => c.post('/elsewhere').send({}),
      status: 404,
      message: /Cannot POST \/elsewhere/,
    },
  ];

  it.each(cases)('$name -> $status', async ({ send, status, message, detail }) => {
    const before = await countRows(gw.db);
    const res = await send(agent()).expect(status);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body).toMatchObject({ statusCode: status, error: expect.any(String) });
    expect(typeof res.body.message).toBe('string');
    if (message) {
      expect(res.body.message).toMatch(message);
    }
    if (detail) {
      expect(res.body.details).toContain(detail);
      expect(res.body.message).toContain(detail);
    }
    expect(await countRows(gw.db)).toEqual(before);
  });

  it('rejects a bad rating from a known user without touching their existing rating', async () => {
    const client = agent();
    await client.put('/api/ratings/40').send({ rating: 2 }).expect(200);
    const before = await countRows(gw.db);
    await client.put('/api/ratings/40').send({ rating: 2.25 }).expect(400);
    await client.put('/api/ratings/99999').send({ rating: 2 }).expect(404);
    expect(await countRows(gw.db)).toEqual(before);
    const list = (await client.get('/api/ratings')).body.ratings as RatedMovie[];
    expect(list.map((r) => [r.movie.id, r.rating])).toEqual([[40, 2]]);
  });
});
