import request from 'supertest';
import type { NotInterestedResponse, WatchlistResponse } from '@marquee/contracts';
import {
  countRows,
  seedMovies,
  startTestGateway,
  type TestGateway,
} from '../testing/gateway-test-kit';

let gw: TestGateway;

beforeAll(async () => {
  gw = await startTestGateway('controls');
  await seedMovies(gw.db, 10);
});

afterAll(async () => {
  await gw.close();
});

/** This agent's users.id (it has written something). */
async function userIdOf(agent: ReturnType<typeof request.agent>): Promise<number> {
  await agent.put('/api/ratings/10').send({ rating: 3 }).expect(200);
  const rating = await gw.db.rating.findFirstOrThrow({
    where: { movieId: 10 },
    orderBy: { ratedAt: 'desc' },
  });
  return rating.userId;
}

describe('PUT and DELETE /api/not-interested/:movieId', () => {
  it('marks a movie once however often it is sent, and undoes it', async () => {
    const agent = request.agent(gw.server);
    await agent.put('/api/not-interested/3').expect(204);
    await agent.put('/api/not-interested/3').expect(204);
    const marks = await gw.db.notInterested.findMany({ where: { movieId: 3 } });
    expect(marks).toHaveLength(1);
    const list = (await agent.get('/api/not-interested').expect(200)).body as NotInterestedResponse;
    expect(list.items).toEqual([
      {
        movie: {
          id: 3,
          title: 'Film 3',
          year: 1993,
          genres: ['Comedy', 'Romance'],
          posterUrl: null,
        },
        markedAt: marks[0]!.markedAt.toISOString(),
      },
    ]);

    await agent.delete('/api/not-interested/3').expect(204);
    expect(await gw.db.notInterested.count({ where: { movieId: 3 } })).toBe(0);
    const again = await agent.delete('/api/not-interested/3').expect(404);
    expect(again.body).toMatchObject({
      code: 'NOT_INTERESTED_NOT_FOUND',
      message: 'You have not marked the film with id 3 as not interested',
    });
  });

  it('answers 404 for an unknown movie and 400 for a malformed id, writing nothing', async () => {
    const before = await countRows(gw.db);
    const unknown = await request(gw.server).put('/api/not-interested/999').expect(404);
    expect(unknown.body).toMatchObject({
      code: 'MOVIE_NOT_FOUND',
      message: 'There is no film with id 999',
    });
    for (const bad of ['abc', '0', '-1', '1.5', '0x10', '2147483648']) {
      const res = await request(gw.server).put(`/api/not-interested/${bad}`).expect(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION' });
      expect(res.body.message).toMatch(/^Invalid path parameter: movieId: movieId /);
      await request(gw.server).delete(`/api/watchlist/${bad}`).expect(400);
    }
    expect(await countRows(gw.db)).toEqual(before);
  });

  it('lists nothing, and creates no user, for a visitor who has marked nothing', async () => {
    const users = await gw.db.user.count();
    const res = await request(gw.server).get('/api/not-interested').expect(200);
    expect(res.body).toEqual({ items: [] });
    await request(gw.server).delete('/api/not-interested/1').expect(404);
    expect(await gw.db.user.count()).toBe(users);
  });
});

describe('the watchlist', () => {
  it('adds, lists newest first with the fields a card needs, and removes', async () => {
    const agent = request.agent(gw.server);
    await agent.put('/api/watchlist/4').expect(204);
    await agent.put('/api/watchlist/5').expect(204);
    await agent.put('/api/watchlist/4').expect(204); // idempotent: keeps when it was added
    const list = (await agent.get('/api/watchlist').expect(200)).body as WatchlistResponse;
    expect(list.items.map((i) => i.movie.id)).toEqual([5, 4]);
    expect(list.items[1]!.movie).toEqual({
      id: 4,
      title: 'Film 4',
      year: 1994,
      genres: ['Drama'],
      posterUrl: null,
    });
    expect(Date.parse(list.items[0]!.addedAt)).toBeGreaterThanOrEqual(
      Date.parse(list.items[1]!.addedAt),
    );

    await agent.delete('/api/watchlist/5').expect(204);
    const after = (await agent.get('/api/watchlist').expect(200)).body as WatchlistResponse;
    expect(after.items.map((i) => i.movie.id)).toEqual([4]);
    const missing = await agent.delete('/api/watchlist/5').expect(404);
    expect(missing.body).toMatchObject({
      code: 'WATCHLIST_ENTRY_NOT_FOUND',
      message: 'The film with id 5 is not on your watchlist',
    });
    await agent.put('/api/watchlist/12345').expect(404);
  });

  it('keeps a movie on one list at most, and a rated movie on neither', async () => {
    const agent = request.agent(gw.server);
    const userId = await userIdOf(agent);
    const listed = async () => ({
      watchlist: (await gw.db.watchlistEntry.findMany({ where: { userId } })).map((w) => w.movieId),
      notInterested: (await gw.db.notInterested.findMany({ where: { userId } })).map(
        (n) => n.movieId,
      ),
    });
    await agent.put('/api/watchlist/6').expect(204);
    await agent.put('/api/not-interested/6').expect(204);
    expect(await listed()).toEqual({ watchlist: [], notInterested: [6] });
    await agent.put('/api/watchlist/6').expect(204);
    expect(await listed()).toEqual({ watchlist: [6], notInterested: [] });
    await agent.put('/api/not-interested/7').expect(204);
    await agent.put('/api/ratings/6').send({ rating: 4 }).expect(200);
    await agent.put('/api/ratings/7').send({ rating: 1.5 }).expect(200);
    expect(await listed()).toEqual({ watchlist: [], notInterested: [] });
  });

  it('refuses an oversized body (413), writing nothing', async () => {
    const before = await countRows(gw.db);
    const res = await request(gw.server)
      .put('/api/watchlist/1')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ padding: 'x'.repeat(20_000) }))
      .expect(413);
    expect(res.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect(await countRows(gw.db)).toEqual(before);
  });
});
