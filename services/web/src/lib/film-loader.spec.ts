import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadFilmDetails, parseFilmId } from './film-loader';

describe('parseFilmId', () => {
  it.each(['1', '42', '2147483647'])('reads %s', (text) => {
    expect(parseFilmId(text)).toBe(Number(text));
  });

  it.each(['0', '-1', '01', '1.5', 'abc', '0x10', '1e3', '', ' 1', '2147483648'])(
    'refuses %j',
    (text) => {
      expect(parseFilmId(text)).toBeNull();
    },
  );
});

describe('loadFilmDetails', () => {
  let server: Server;
  let gatewayUrl: string;
  const seen: { url?: string; cookie?: string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push({ url: req.url, cookie: req.headers.cookie });
      const status = req.url === '/api/movies/7' ? 200 : req.url === '/api/movies/8' ? 503 : 404;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(status === 200 ? { movie: { id: 7 }, rating: 4, list: null } : {}));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    gatewayUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const options = () => ({ gatewayUrl, timeoutMs: 2000 });

  it("asks the gateway with the visitor's cookie", async () => {
    await expect(loadFilmDetails('7', 'marquee_anon=abc', options())).resolves.toEqual({
      movie: { id: 7 },
      rating: 4,
      list: null,
    });
    expect(seen.at(-1)).toEqual({ url: '/api/movies/7', cookie: 'marquee_anon=abc' });
  });

  it('is null for a film the gateway does not know, and for an id that cannot be one', async () => {
    await expect(loadFilmDetails('999', null, options())).resolves.toBeNull();
    const asked = seen.length;
    await expect(loadFilmDetails('abc', null, options())).resolves.toBeNull();
    expect(seen).toHaveLength(asked); // not asked at all
  });

  it('throws for any other failure (the error page shows it)', async () => {
    await expect(loadFilmDetails('8', null, options())).rejects.toThrow('answered 503');
  });
});
