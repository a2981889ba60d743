import type { INestApplication } from '@nestjs/common';
import {
  type AccountResponse,
  type RatingsListResponse,
  SESSION_COOKIE,
  type SigninResponse,
} from '@marquee/contracts';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import request from 'supertest';
import { createGatewayApp } from '../app.factory';
import { IDENTITY_COOKIE } from '../identity/identity.middleware';
import { startGatewayBehindProxies, type ProxiedGateway } from '../testing/outage-kit';
import {
  countRows,
  seedMovieLensRatings,
  seedMovies,
  startTestGateway,
  type TestGateway,
  useTestGateway,
} from '../testing/gateway-test-kit';
import { cookieLine } from '../testing/set-cookie';

const gw = useTestGateway('accounts', {
  seed: async (db) => {
    await seedMovies(db, 12);
    await seedMovieLensRatings(db, [{ movieId: 1, raters: 2 }]);
  },
});
const PASSWORD = 'correct horse battery';

/** The session token inside a signed cookie value ("s:<token>.<signature>", URL-encoded). */
function sessionToken(res: request.Response): string {
  const line = cookieLine(res, SESSION_COOKIE);
  const value = decodeURIComponent(line!.split(';')[0]!.slice(SESSION_COOKIE.length + 1));
  return value.slice(2, value.lastIndexOf('.'));
}

/** A cookie value signed as cookie-parser checks it, with `secret`. */
function signed(value: string, secret: string): string {
  const mac = createHmac('sha256', secret).update(value).digest('base64').replace(/=+$/, '');
  return encodeURIComponent(`s:${value}.${mac}`);
}

function sessionCookieHeader(token: string, secret = gw.config.cookieSecret): string {
  return `${SESSION_COOKIE}=${signed(token, secret)}`;
}

let names = 0;
function newUsername(): string {
  names += 1;
  return `User.${names}_${randomBytes(3).toString('hex')}`;
}

async function whoAmI(agent: request.Agent): Promise<AccountResponse> {
  const res = await agent.get('/api/account').expect(200);
  return res.body as AccountResponse;
}

/** GET /api/account with only this session token. */
async function whoHolds(token: string): Promise<AccountResponse> {
  const res = await request(gw.server)
    .get('/api/account')
    .set('Cookie', sessionCookieHeader(token))
    .expect(200);
  return res.body as AccountResponse;
}

async function ratingsOf(agent: request.Agent): Promise<Record<number, number>> {
  const res = await agent.get('/api/ratings').expect(200);
  return Object.fromEntries(
    (res.body as RatingsListResponse).ratings.map((r) => [r.movie.id, r.rating]),
  );
}

/** A browser with an account of its own, signed in; returns it and the username. */
async function signedUp(ratings: Record<number, number> = {}): Promise<{
  agent: request.Agent;
  username: string;
  token: string;
}> {
  const agent = request.agent(gw.server);
  for (const [movieId, rating] of Object.entries(ratings)) {
    await agent.put(`/api/ratings/${movieId}`).send({ rating }).expect(200);
  }
  const username = newUsername();
  const res = await agent
    .post('/api/account/signup')
    .send({ username, password: PASSWORD })
    .expect(201);
  return { agent, username: username.toLowerCase(), token: sessionToken(res) };
}

describe('sign up', () => {
  it("keeps the anonymous profile: its ratings and lists become the account's", async () => {
    const me = request.agent(gw.server);
    await me.put('/api/ratings/2').send({ rating: 4 }).expect(200);
    await me.put('/api/ratings/3').send({ rating: 1.5 }).expect(200);
    await me.post('/api/skips').send({ movieId: 4 }).expect(200);
    await me.put('/api/watchlist/5').expect(204);
    await me.put('/api/not-interested/6').expect(204);
    expect(await whoAmI(me)).toEqual({ kind: 'anonymous' });
    const anonUser = await gw.db.user.findFirstOrThrow({
      where: { ratings: { some: { movieId: 3 } } },
    });
    const usersBefore = await gw.db.user.count();

    const res = await me
      .post('/api/account/signup')
      .send({ username: 'Film.Lover-1', password: PASSWORD })
      .expect(201);
    expect(res.body).toEqual({ kind: 'account', username: 'film.lover-1' });
    const cookie = cookieLine(res, SESSION_COOKIE)!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    expect(cookie).toMatch(/Expires=/);
    // A fresh anonymous id too: the old one no longer leads to the profile.
    expect(cookieLine(res, IDENTITY_COOKIE)).toBeDefined();

    expect(await whoAmI(me)).toEqual({ kind: 'account', username: 'film.lover-1' });
    expect(await ratingsOf(me)).toEqual({ 2: 4, 3: 1.5 });
    const lists = await me.get('/api/watchlist').expect(200);
    expect(
      (lists.body as { items: { movie: { id: number } }[] }).items.map((i) => i.movie.id),
    ).toEqual([5]);

    // The same row became the account; the password and the token are stored hashed only.
    expect(await gw.db.user.count()).toBe(usersBefore);
    const account = await gw.db.user.findUniqueOrThrow({ where: { id: anonUser.id } });
    expect(account.username).toBe('film.lover-1');
    expect(account.passwordHash).toMatch(/^scrypt\$\d+\$\d+\$\d+\$/);
    expect(account.passwordHash).not.toContain(PASSWORD);
    expect(account.anonId).not.toBe(anonUser.anonId);
    const token = sessionToken(res);
    const sessions = await gw.db.session.findMany({ where: { userId: anonUser.id } });
    expect(sessions.map((s) => s.tokenHash)).toEqual([
      createHash('sha256').update(token).digest('hex'),
    ]);
  });

  it('works for a profile that has written nothing yet', async () => {
    const { agent, username } = await signedUp();
    expect(await whoAmI(agent)).toEqual({ kind: 'account', username });
    await agent.put('/api/ratings/7').send({ rating: 3 }).expect(200);
    expect(await ratingsOf(agent)).toEqual({ 7: 3 });
  });

  it('refuses a taken username (any case) and a browser already signed in, writing nothing', async () => {
    const { agent, username } = await signedUp();
    const other = request.agent(gw.server);
    await other.put('/api/ratings/2').send({ rating: 5 }).expect(200);
    const before = await countRows(gw.db);
    const taken = await other
      .post('/api/account/signup')
      .send({ username: username.toUpperCase(), password: PASSWORD })
      .expect(409);
    expect(taken.body).toMatchObject({ code: 'USERNAME_TAKEN' });
    expect(cookieLine(taken, SESSION_COOKIE)).toBeUndefined();
    expect(await whoAmI(other)).toEqual({ kind: 'anonymous' });
    expect(await ratingsOf(other)).toEqual({ 2: 5 });
    const again = await agent
      .post('/api/account/signup')
      .send({ username: newUsername(), password: PASSWORD })
      .expect(409);
    expect(again.body).toMatchObject({ code: 'ALREADY_SIGNED_IN' });
    expect(await countRows(gw.db)).toEqual(before);
  });

  it.each([
    [{ username: 'ab', password: PASSWORD }, 'username: username must be at least 3 characters'],
    [{ username: 'a'.repeat(33), password: PASSWORD }, 'username: username must be at most 32'],
    [{ username: 'has space', password: PASSWORD }, 'username: username may hold only'],
    [{ username: '-dash', password: PASSWORD }, 'username: username may hold only'],
    [{ username: 'fine_name', password: 'short' }, 'password: password must be at least 10'],
    [
      { username: 'fine_name', password: 'x'.repeat(129) },
      'password: password must be at most 128',
    ],
    [{ username: 'fine_name', password: 12345678901 }, 'password: password must be a string'],
    [{ username: 'fine_name' }, 'password: password must be a string'],
    [{ username: 'fine_name', password: PASSWORD, admin: true }, 'admin: unknown field'],
  ])('answers 400 naming what is wrong: %j', async (body, detail) => {
    const before = await countRows(gw.db);
    const res = await request(gw.server).post('/api/account/signup').send(body).expect(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION' });
    expect((res.body as { details: string[] }).details.join('\n')).toContain(detail);
    // The password is never echoed back.
    expect(JSON.stringify(res.body)).not.toContain(PASSWORD);
    expect(await countRows(gw.db)).toEqual(before);
    expect(await gw.db.session.count({ where: { user: { username: 'fine_name' } } })).toBe(0);
  });
});

describe('sign in', () => {
  it('brings the profile back on another device; signing out leaves a new anonymous profile', async () => {
    const { agent: laptop, username } = await signedUp({ 2: 5, 8: 2 });
    const phone = request.agent(gw.server);
    const res = await phone
      .post('/api/account/signin')
      .send({ username: username.toUpperCase(), password: PASSWORD })
      .expect(200);
    expect(res.body as SigninResponse).toEqual({
      kind: 'account',
      username,
      merged: { ratings: 0, skips: 0, notInterested: 0, watchlist: 0 },
    });
    expect(await ratingsOf(phone)).toEqual({ 2: 5, 8: 2 });
    // Writes from one device are the other's.
    await phone.put('/api/ratings/9').send({ rating: 4.5 }).expect(200);
    expect(await ratingsOf(laptop)).toEqual({ 2: 5, 8: 2, 9: 4.5 });

    const token = sessionToken(res);
    const out = await phone.post('/api/account/signout').expect(204);
    expect(cookieLine(out, SESSION_COOKIE)).toMatch(/Expires=Thu, 01 Jan 1970/);
    expect(await whoAmI(phone)).toEqual({ kind: 'anonymous' });
    expect(await ratingsOf(phone)).toEqual({});
    // The signed-out token is revoked: replayed, it is an anonymous request.
    const replay = await request(gw.server)
      .get('/api/ratings')
      .set('Cookie', sessionCookieHeader(token))
      .expect(200);
    expect((replay.body as RatingsListResponse).ratings).toEqual([]);
    expect(cookieLine(replay, SESSION_COOKIE)).toMatch(/Expires=Thu, 01 Jan 1970/);
    // The laptop's session is another one, still signed in.
    expect(await whoAmI(laptop)).toEqual({ kind: 'account', username });
  });

  it("merges an anonymous profile into the account, the account's rows winning; the anonymous row goes", async () => {
    const { agent: owner, username } = await signedUp({ 2: 4 });
    await owner.post('/api/skips').send({ movieId: 10 }).expect(200);
    const guest = request.agent(gw.server);
    await guest.put('/api/ratings/2').send({ rating: 1 }).expect(200); // conflict: the account's 4 stays
    await guest.put('/api/ratings/3').send({ rating: 3.5 }).expect(200);
    await guest.post('/api/skips').send({ movieId: 10 }).expect(200); // the account has it already
    await guest.post('/api/skips').send({ movieId: 11 }).expect(200);
    await guest.put('/api/watchlist/5').expect(204);
    await guest.put('/api/not-interested/6').expect(204);
    const users = await gw.db.user.count();

    const res = await guest
      .post('/api/account/signin')
      .send({ username, password: PASSWORD })
      .expect(200);
    expect((res.body as SigninResponse).merged).toEqual({
      ratings: 1,
      skips: 1,
      notInterested: 1,
      watchlist: 1,
    });
    expect(await ratingsOf(guest)).toEqual({ 2: 4, 3: 3.5 });
    expect(await ratingsOf(owner)).toEqual({ 2: 4, 3: 3.5 });
    const account = await gw.db.user.findUniqueOrThrow({ where: { username } });
    const skips = await gw.db.skip.findMany({ where: { userId: account.id } });
    expect(skips.map((s) => s.movieId).sort()).toEqual([10, 11]);
    expect(await gw.db.watchlistEntry.count({ where: { userId: account.id } })).toBe(1);
    expect(await gw.db.notInterested.count({ where: { userId: account.id } })).toBe(1);
    expect(await gw.db.user.count()).toBe(users - 1);
  });

  it('answers a wrong password and an unknown username alike, setting no session', async () => {
    const { username } = await signedUp();
    const wrong = await request(gw.server)
      .post('/api/account/signin')
      .send({ username, password: 'not the password' })
      .expect(401);
    const unknown = await request(gw.server)
      .post('/api/account/signin')
      .send({ username: 'nobody-by-this-name', password: 'not the password' })
      .expect(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body).toMatchObject({
      code: 'INVALID_CREDENTIALS',
      message: 'The username or password is wrong',
    });
    expect(cookieLine(wrong, SESSION_COOKIE)).toBeUndefined();
    expect(cookieLine(unknown, SESSION_COOKIE)).toBeUndefined();
  });

  it('rotates the session when a signed-in browser signs in again', async () => {
    const { agent, username, token } = await signedUp();
    const res = await agent
      .post('/api/account/signin')
      .send({ username, password: PASSWORD })
      .expect(200);
    expect(sessionToken(res)).not.toBe(token);
    expect(await whoAmI(agent)).toEqual({ kind: 'account', username });
    expect(await whoHolds(token)).toEqual({ kind: 'anonymous' });
    expect(await whoHolds(sessionToken(res))).toEqual({ kind: 'account', username });
  });
});

describe('identity', () => {
  it('falls back to anonymous for forged, unknown and expired session cookies, never a 500', async () => {
    const { agent, username, token } = await signedUp({ 4: 5 });
    const forged = [
      `${SESSION_COOKIE}=${token}`, // unsigned
      sessionCookieHeader(token, 'another-secret-0123456789'), // signed with another secret
      sessionCookieHeader(randomBytes(32).toString('base64url')), // signed, no such session
      `${SESSION_COOKIE}=s%3Agarbage.sig`,
    ];
    for (const cookie of forged) {
      const res = await request(gw.server).get('/api/ratings').set('Cookie', cookie).expect(200);
      expect((res.body as RatingsListResponse).ratings).toEqual([]);
      expect(cookieLine(res, SESSION_COOKIE)).toMatch(/Expires=Thu, 01 Jan 1970/);
      await request(gw.server)
        .put('/api/ratings/4')
        .set('Cookie', cookie)
        .send({ rating: 1 })
        .expect(200);
    }
    expect(await ratingsOf(agent)).toEqual({ 4: 5 });

    // Expired: anonymous again, a new profile.
    const account = await gw.db.user.findUniqueOrThrow({ where: { username } });
    await gw.db.session.updateMany({
      where: { userId: account.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await whoAmI(agent)).toEqual({ kind: 'anonymous' });
    expect(await ratingsOf(agent)).toEqual({});
    const back = await agent.post('/api/account/signin').send({ username, password: PASSWORD });
    expect(back.status).toBe(200);
    expect(await ratingsOf(agent)).toEqual({ 4: 5 });
    // Signing in cleaned the expired session up.
    expect(await gw.db.session.count({ where: { userId: account.id } })).toBe(1);
  });

  it("keeps each account to its own data: another session's writes never reach it", async () => {
    const alice = await signedUp({ 2: 5 });
    const bob = await signedUp({ 3: 1 });
    await bob.agent.delete('/api/ratings/2').expect(404);
    await bob.agent.put('/api/ratings/2').send({ rating: 0.5 }).expect(200);
    expect(await ratingsOf(alice.agent)).toEqual({ 2: 5 });
    expect(await ratingsOf(bob.agent)).toEqual({ 2: 0.5, 3: 1 });
    // Bob's session token with Alice's anonymous cookie is still Bob.
    await bob.agent
      .post('/api/account/password')
      .send({ currentPassword: PASSWORD, newPassword: 'x'.repeat(12) })
      .expect(204);
    expect(await whoAmI(alice.agent)).toEqual({ kind: 'account', username: alice.username });
  });

  it('shows signed-out and signed-in alike through GET /api/account', async () => {
    expect(await whoAmI(request.agent(gw.server))).toEqual({ kind: 'anonymous' });
  });
});

describe('start over while signed in', () => {
  it("empties the account's profile but keeps the account and its sessions", async () => {
    const { agent, username } = await signedUp({ 2: 4, 3: 5 });
    await agent.put('/api/watchlist/6').expect(204);
    const phone = request.agent(gw.server);
    await phone.post('/api/account/signin').send({ username, password: PASSWORD }).expect(200);

    const res = await agent.post('/api/profile/reset').expect(200);
    expect(res.body).toEqual({ deleted: { ratings: 2, skips: 0 } });
    expect(await whoAmI(agent)).toEqual({ kind: 'account', username });
    expect(await whoAmI(phone)).toEqual({ kind: 'account', username });
    expect(await ratingsOf(phone)).toEqual({});
    const account = await gw.db.user.findUniqueOrThrow({ where: { username } });
    expect(await gw.db.watchlistEntry.count({ where: { userId: account.id } })).toBe(0);
    expect(await gw.db.session.count({ where: { userId: account.id } })).toBe(2);
  });
});

describe('password change', () => {
  it('needs the current password, and ends every other session', async () => {
    const { agent: first, username } = await signedUp({ 2: 3 });
    const second = request.agent(gw.server);
    await second.post('/api/account/signin').send({ username, password: PASSWORD }).expect(200);

    const wrong = await first
      .post('/api/account/password')
      .send({ currentPassword: 'not the password', newPassword: 'a brand new password' })
      .expect(403);
    expect(wrong.body).toMatchObject({ code: 'WRONG_PASSWORD' });
    expect(await whoAmI(second)).toEqual({ kind: 'account', username });

    await first
      .post('/api/account/password')
      .send({ currentPassword: PASSWORD, newPassword: 'a brand new password' })
      .expect(204);
    expect(await whoAmI(first)).toEqual({ kind: 'account', username });
    expect(await whoAmI(second)).toEqual({ kind: 'anonymous' });
    expect(await ratingsOf(second)).toEqual({});

    await request(gw.server)
      .post('/api/account/signin')
      .send({ username, password: PASSWORD })
      .expect(401);
    await second
      .post('/api/account/signin')
      .send({ username, password: 'a brand new password' })
      .expect(200);
    expect(await ratingsOf(second)).toEqual({ 2: 3 });
  });

  it('answers 401 when not signed in, and 400 for a short new password', async () => {
    const res = await request(gw.server)
      .post('/api/account/password')
      .send({ currentPassword: PASSWORD, newPassword: 'another long one' })
      .expect(401);
    expect(res.body).toMatchObject({ code: 'NOT_SIGNED_IN' });
    const { agent } = await signedUp();
    const short = await agent
      .post('/api/account/password')
      .send({ currentPassword: PASSWORD, newPassword: 'short' })
      .expect(400);
    expect((short.body as { details: string[] }).details).toEqual([
      'newPassword: newPassword must be at least 10 characters',
    ]);
  });
});

describe('account deletion', () => {
  it('needs the password, then removes the account, its rows and sessions', async () => {
    const { agent, username, token } = await signedUp({ 2: 4, 3: 2 });
    await agent.post('/api/skips').send({ movieId: 5 }).expect(200);
    await agent.put('/api/watchlist/6').expect(204);
    const other = await signedUp({ 2: 1 });
    const phone = request.agent(gw.server);
    await phone.post('/api/account/signin').send({ username, password: PASSWORD }).expect(200);
    const account = await gw.db.user.findUniqueOrThrow({ where: { username } });

    const before = await countRows(gw.db);
    await agent.delete('/api/account').send({ password: 'not the password' }).expect(403);
    await agent.delete('/api/account').send({}).expect(400);
    expect(await countRows(gw.db)).toEqual(before);

    const res = await agent.delete('/api/account').send({ password: PASSWORD }).expect(204);
    expect(cookieLine(res, SESSION_COOKIE)).toMatch(/Expires=Thu, 01 Jan 1970/);
    expect(cookieLine(res, IDENTITY_COOKIE)).toBeDefined();
    expect(await gw.db.user.findUnique({ where: { id: account.id } })).toBeNull();
    expect(await gw.db.session.count({ where: { userId: account.id } })).toBe(0);
    expect(await gw.db.rating.count({ where: { userId: account.id } })).toBe(0);
    expect(await gw.db.skip.count({ where: { userId: account.id } })).toBe(0);
    expect(await gw.db.watchlistEntry.count({ where: { userId: account.id } })).toBe(0);

    expect(await whoAmI(agent)).toEqual({ kind: 'anonymous' });
    expect(await whoAmI(phone)).toEqual({ kind: 'anonymous' });
    const replay = await request(gw.server)
      .get('/api/ratings')
      .set('Cookie', sessionCookieHeader(token))
      .expect(200);
    expect((replay.body as RatingsListResponse).ratings).toEqual([]);
    await request(gw.server)
      .post('/api/account/signin')
      .send({ username, password: PASSWORD })
      .expect(401);
    expect(await ratingsOf(other.agent)).toEqual({ 2: 1 });
  });

  it('answers 401 when not signed in, deleting nothing', async () => {
    const before = await countRows(gw.db);
    const res = await request(gw.server)
      .delete('/api/account')
      .send({ password: PASSWORD })
      .expect(401);
    expect(res.body).toMatchObject({ code: 'NOT_SIGNED_IN' });
    expect(await countRows(gw.db)).toEqual(before);
  });
});

describe('sign-in limits', () => {
  let limited: TestGateway;
  let replica: INestApplication;

  beforeAll(async () => {
    limited = await startTestGateway('accounts_limits', {
      SIGNIN_LIMIT_PER_ACCOUNT: '3',
      SIGNIN_LIMIT_PER_CLIENT: '8',
      SIGNIN_WINDOW_MS: '60000',
    });
    // A second replica on the same Redis and prefix: the limits are shared.
    replica = await createGatewayApp(limited.config, { logger: false });
    await replica.listen(0, '127.0.0.1');
  });

  afterAll(async () => {
    await replica.close();
    await limited.close();
  });

  it('limits attempts per account across replicas, with Retry-After, even for the right password', async () => {
    const servers = [limited.server, replica.getHttpServer() as Server];
    await request(servers[0]!)
      .post('/api/account/signup')
      .send({ username: 'target', password: PASSWORD })
      .expect(201);
    for (let i = 0; i < 3; i++) {
      await request(servers[i % 2]!)
        .post('/api/account/signin')
        .send({ username: 'target', password: `wrong guess ${i}` })
        .expect(401);
    }
    const blocked = await request(servers[1]!)
      .post('/api/account/signin')
      .send({ username: 'target', password: PASSWORD })
      .expect(429);
    expect(blocked.body).toMatchObject({ code: 'RATE_LIMITED' });
    const retryAfter = Number(blocked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(cookieLine(blocked, SESSION_COOKIE)).toBeUndefined();
  });

  it('limits attempts per client address over many usernames', async () => {
    // The first test spent 5 of this client's 8 (a sign-up and 4 sign-ins).
    for (const name of ['someone-a', 'someone-b', 'someone-c']) {
      await request(limited.server)
        .post('/api/account/signin')
        .send({ username: name, password: 'guess guess' })
        .expect(401);
    }
    const blocked = await request(limited.server)
      .post('/api/account/signin')
      .send({ username: 'someone-d', password: 'guess guess' })
      .expect(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('sign-in without Redis', () => {
  let proxied: ProxiedGateway;

  beforeAll(async () => {
    proxied = await startGatewayBehindProxies('accounts_redis', { WRITE_DEADLINE_MS: '2000' });
  });

  afterAll(async () => {
    await proxied.close();
  });

  it('checks no password while the attempts cannot be counted: 503 with Retry-After, then works again', async () => {
    const agent = request.agent(proxied.server);
    await agent
      .post('/api/account/signup')
      .send({ username: 'no-redis', password: PASSWORD })
      .expect(201);
    const other = request.agent(proxied.server);
    await proxied.redis.cut();
    try {
      const res = await other
        .post('/api/account/signin')
        .send({ username: 'no-redis', password: PASSWORD })
        .expect(503);
      expect(res.body).toMatchObject({ code: 'SIGNIN_UNAVAILABLE' });
      expect(res.headers['retry-after']).toBe('5');
      expect(cookieLine(res, SESSION_COOKIE)).toBeUndefined();
      // A session already open does not need Redis.
      expect(await whoAmI(agent)).toEqual({ kind: 'account', username: 'no-redis' });
    } finally {
      await proxied.redis.resume();
    }
    await other
      .post('/api/account/signin')
      .send({ username: 'no-redis', password: PASSWORD })
      .expect(200);
  });
});
