import request from 'supertest';
import type { ProfileResetResponse, RatingsListResponse } from '@marquee/contracts';
import { seedMovieLensRatings, seedMovies, useTestGateway } from '../testing/gateway-test-kit';
import { cookieLine, setCookies } from '../testing/set-cookie';
import { IDENTITY_COOKIE } from './identity.middleware';

const gw = useTestGateway('profile', {
  seed: async (db) => {
    await seedMovies(db, 10);
    await seedMovieLensRatings(db, [{ movieId: 1, raters: 3 }]);
  },
});

function identityCookie(res: request.Response): string | undefined {
  return cookieLine(res, IDENTITY_COOKIE)?.split(';')[0];
}

describe('POST /api/profile/reset', () => {
  it('deletes this profile, gives the browser a new identity, and leaves others alone', async () => {
    const me = request.agent(gw.server);
    await me.put('/api/ratings/1').send({ rating: 4 }).expect(200);
    await me.put('/api/ratings/2').send({ rating: 2.5 }).expect(200);
    const first = await me.post('/api/skips').send({ movieId: 3 }).expect(200);
    const oldCookie = identityCookie(first) ?? identityCookie(await me.get('/api/ratings'));
    const someoneElse = request.agent(gw.server);
    await someoneElse.put('/api/ratings/1').send({ rating: 5 }).expect(200);
    const before = { users: await gw.db.user.count(), ratings: await gw.db.rating.count() };

    const res = await me.post('/api/profile/reset').expect(200);
    expect(res.body as ProfileResetResponse).toEqual({ deleted: { ratings: 2, skips: 1 } });
    const newCookie = identityCookie(res);
    expect(newCookie).toBeDefined();
    expect(newCookie).not.toBe(oldCookie);
    expect(setCookies(res).join()).toMatch(/HttpOnly/);

    // The browser is a new, empty profile now; the old one's rows are gone.
    const mine = await me.get('/api/ratings').expect(200);
    expect((mine.body as RatingsListResponse).ratings).toEqual([]);
    expect(await gw.db.user.count()).toBe(before.users - 1);
    expect(await gw.db.rating.count()).toBe(before.ratings - 2);
    expect(await gw.db.skip.count()).toBe(0);
    const theirs = await someoneElse.get('/api/ratings').expect(200);
    expect((theirs.body as RatingsListResponse).ratings.map((r) => r.rating)).toEqual([5]);

    // The new profile works as any other.
    await me.put('/api/ratings/4').send({ rating: 3 }).expect(200);
    const after = await me.get('/api/ratings').expect(200);
    expect((after.body as RatingsListResponse).ratings.map((r) => r.movie.id)).toEqual([4]);
  });

  it('resets a profile that has written nothing, deleting nothing', async () => {
    const users = await gw.db.user.count();
    const res = await request(gw.server).post('/api/profile/reset').expect(200);
    expect(res.body).toEqual({ deleted: { ratings: 0, skips: 0 } });
    expect(identityCookie(res)).toBeDefined();
    expect(await gw.db.user.count()).toBe(users);
  });

  it('only answers POST', async () => {
    await request(gw.server).get('/api/profile/reset').expect(404);
  });
});
