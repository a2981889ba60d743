import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import type { ApiError } from '@marquee/contracts';
import { IDENTITY_COOKIE } from '../identity/identity.middleware';
import {
  countRows,
  seedMovies,
  startTestGateway,
  type TestGateway,
} from '../testing/gateway-test-kit';

const WEB_ORIGIN = 'http://localhost:3300';
const LIMIT = 5;
const BODY_LIMIT = 300;

let gw: TestGateway;

beforeAll(async () => {
  gw = await startTestGateway('security', {
    WEB_ORIGIN,
    RATE_LIMIT_MAX: String(LIMIT),
    RATE_LIMIT_WINDOW_MS: '60000',
    BODY_LIMIT_BYTES: String(BODY_LIMIT),
  });
  await seedMovies(gw.db, 3);
});

afterAll(async () => {
  await gw.close();
});

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A plain HTTP request from a chosen loopback address (the rate limiter keys on it). */
function send(
  path: string,
  options: { localAddress?: string; headers?: Record<string, string> } = {},
): Promise<RawAnswer> {
  const { port } = gw.server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        headers: options.headers,
        localAddress: options.localAddress,
      },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

let nextAddress = 10;

/**
 * A new cookie-identified client. The cookie-less request that mints it counts against its
 * address, so each comes from its own loopback address and no test eats another's budget.
 */
async function newClient(): Promise<string> {
  const res = await send('/api/movies/sample?count=1', {
    localAddress: `127.0.0.${nextAddress++}`,
  });
  const raw = res.headers['set-cookie'] as string[] | undefined;
  const cookie = (raw ?? []).find((c) => c.startsWith(`${IDENTITY_COOKIE}=`));
  if (res.status !== 200 || !cookie) throw new Error(`no identity cookie (HTTP ${res.status})`);
  return cookie.split(';')[0]!;
}

describe('security headers', () => {
  it('sends helmet headers and no X-Powered-By on the API and the health routes', async () => {
    const cookie = await newClient();
    for (const path of ['/api/movies/sample?count=1', '/health/live', '/api/no-such-route']) {
      const res = await request(gw.server).get(path).set('Cookie', cookie);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['content-security-policy']).toBe(
        "default-src 'none';frame-ancestors 'none'",
      );
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('sends no ETag: answers are per user, and a hash of every body would buy nothing', async () => {
    const cookie = await newClient();
    const res = await request(gw.server).get('/api/movies/sample?count=3').set('Cookie', cookie);
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBeUndefined();
  });
});

describe('CORS', () => {
  it("answers a preflight from the web's origin, with credentials", async () => {
    const res = await request(gw.server)
      .options('/api/ratings/1')
      .set('Origin', WEB_ORIGIN)
      .set('Access-Control-Request-Method', 'PUT')
      .set('Access-Control-Request-Headers', 'content-type');
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(WEB_ORIGIN);
    expect(res.headers['access-control-allow-credentials']).toBe('true');
    expect(res.headers['access-control-allow-methods']).toContain('PUT');
  });

  it('gives any other origin no CORS headers, so a browser blocks it', async () => {
    const cookie = await newClient();
    for (const origin of ['https://evil.example', 'http://localhost:3000', 'null']) {
      const preflight = await request(gw.server)
        .options('/api/ratings/1')
        .set('Origin', origin)
        .set('Access-Control-Request-Method', 'PUT');
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      const read = await request(gw.server)
        .get('/api/movies/sample')
        .set('Origin', origin)
        .set('Cookie', cookie);
      expect(read.headers['access-control-allow-origin']).toBeUndefined();
    }
  });
});

describe('request size limits', () => {
  it('rejects a JSON body over BODY_LIMIT_BYTES with 413 and writes nothing', async () => {
    const cookie = await newClient();
    const before = await countRows(gw.db);
    const res = await request(gw.server)
      .put('/api/ratings/1')
      .set('Cookie', cookie)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ rating: 4, padding: 'x'.repeat(BODY_LIMIT) }))
      .expect(413);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body).toMatchObject({
      statusCode: 413,
      code: 'PAYLOAD_TOO_LARGE',
      message: 'The request body is larger than 300 bytes',
    });
    expect(await countRows(gw.db)).toEqual(before);
  });

  it('answers oversized headers with a JSON 431 instead of a bare status line', async () => {
    const answer = await send('/api/movies/sample', {
      headers: { 'X-Padding': 'x'.repeat(20_000) },
    });
    expect(answer.status).toBe(431);
    expect(answer.headers['content-type']).toMatch(/application\/json/);
    expect(JSON.parse(answer.body)).toMatchObject({ statusCode: 431, code: 'HEADERS_TOO_LARGE' });
  });
});

describe('rate limiting', () => {
  it('allows RATE_LIMIT_MAX requests per client, then 429 with Retry-After and a clear message', async () => {
    const cookie = await newClient();
    for (let i = 1; i <= LIMIT; i++) {
      const ok = await request(gw.server).get('/api/ratings').set('Cookie', cookie).expect(200);
      expect(ok.headers['x-ratelimit-remaining']).toBe(String(LIMIT - i));
    }
    const limited = await request(gw.server).get('/api/ratings').set('Cookie', cookie).expect(429);
    const body = limited.body as ApiError;
    expect(body).toMatchObject({
      statusCode: 429,
      error: 'Too Many Requests',
      code: 'RATE_LIMITED',
    });
    expect(body.message).toMatch(new RegExp(`^Too many requests: at most ${LIMIT} per 60 s`));
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);

    // The limit is per client and over the whole API: another route is limited too, and a
    // write over the limit writes nothing.
    const before = await countRows(gw.db);
    await request(gw.server)
      .put('/api/ratings/1')
      .set('Cookie', cookie)
      .send({ rating: 4 })
      .expect(429);
    expect(await countRows(gw.db)).toEqual(before);

    // Another user is not affected, and health checks are never limited.
    const other = await newClient();
    await request(gw.server).get('/api/ratings').set('Cookie', other).expect(200);
    for (let i = 0; i < LIMIT + 2; i++) {
      await request(gw.server).get('/health/live').expect(200);
    }
  });

  it('counts a client without a valid cookie by its address', async () => {
    // A forged cookie is not an identity: those requests share their address's budget.
    const forged = `${IDENTITY_COOKIE}=${encodeURIComponent('s:00000000-0000-4000-8000-000000000000.bad')}`;
    const localAddress = `127.0.0.${nextAddress++}`;
    const statuses: number[] = [];
    for (let i = 0; i <= LIMIT; i++) {
      statuses.push(
        (await send('/api/ratings', { localAddress, headers: { Cookie: forged } })).status,
      );
    }
    expect(statuses).toEqual([...Array<number>(LIMIT).fill(200), 429]);
    // Another address still has its whole budget.
    expect((await send('/api/ratings', { localAddress: `127.0.0.${nextAddress++}` })).status).toBe(
      200,
    );
  });

  it('ignores X-Forwarded-For without TRUST_PROXY: a spoofed one does not change the bucket', async () => {
    expect(gw.config.security.trustProxy).toBe(false);
    const localAddress = `127.0.0.${nextAddress++}`;
    const statuses: number[] = [];
    for (let i = 0; i <= LIMIT; i++) {
      const headers = { 'X-Forwarded-For': `203.0.113.${i + 1}` };
      statuses.push((await send('/api/ratings', { localAddress, headers })).status);
    }
    expect(statuses).toEqual([...Array<number>(LIMIT).fill(200), 429]);
  });
});

describe('rate limiting behind a proxy (TRUST_PROXY)', () => {
  let proxied: TestGateway;

  beforeAll(async () => {
    proxied = await startTestGateway('trustproxy', {
      RATE_LIMIT_MAX: String(LIMIT),
      RATE_LIMIT_WINDOW_MS: '60000',
      // One proxy (the web) in front: the client is the last X-Forwarded-For address.
      TRUST_PROXY: '1',
    });
  });

  afterAll(async () => {
    await proxied.close();
  });

  /** A cookie-less request relayed by a proxy (this test, on loopback) for `client`. */
  const viaProxy = (client: string) =>
    request(proxied.server)
      .get('/api/ratings')
      .set('X-Forwarded-For', client)
      .then((res) => res.status);

  it('gives two forwarded client addresses separate buckets', async () => {
    const first: number[] = [];
    for (let i = 0; i <= LIMIT; i++) first.push(await viaProxy('198.51.100.7'));
    expect(first).toEqual([...Array<number>(LIMIT).fill(200), 429]);
    // Same proxy address, another client behind it: its own budget.
    expect(await viaProxy('198.51.100.8')).toBe(200);
    // What the client itself put first in the header is not its address: the proxy's entry is.
    expect(await viaProxy('192.0.2.1, 198.51.100.7')).toBe(429);
  });
});
