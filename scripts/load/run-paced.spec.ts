import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runPacedLoad } from './run-paced';

describe('runPacedLoad', () => {
  let server: Server;
  let url: string;
  let delayMs = 0;
  let connections = 0;
  const cookies: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      cookies.push(req.headers.cookie ?? '');
      setTimeout(() => {
        res.writeHead(req.headers.cookie === 'u=fail' ? 503 : 200);
        res.end('{}');
      }, delayMs);
    });
    server.on('connection', () => connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    cookies.length = 0;
    delayMs = 0;
    connections = 0;
  });

  const users = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ cookie: `u=${i}`, ratings: [] }));

  it('sends about rate × seconds requests in total, each with its own user cookie', async () => {
    const result = await runPacedLoad(url, users(8), 8, 2, 1, 100);
    // A Poisson count with mean 200 is within ±25% with overwhelming probability.
    expect(result.ok).toBeGreaterThan(150);
    expect(result.ok).toBeLessThan(250);
    expect(result.pacedRate).toBe(100);
    expect(new Set(cookies)).toEqual(new Set(users(8).map((u) => u.cookie)));
    // One kept-alive connection per user, opened by an untimed request before the run.
    expect(connections).toBe(8);
    expect(cookies.length).toBe(result.ok + 8);
  });

  it('counts a slow answer against the requests it held back (latency from when due)', async () => {
    delayMs = 100;
    // One user asking 30 times a second while each answer takes 100 ms: requests queue up
    // behind each other, so latencies grow well past the server's 100 ms.
    const result = await runPacedLoad(url, users(1), 1, 1, 1, 30);
    expect(result.p50Ms).toBeGreaterThanOrEqual(100);
    expect(result.maxMs).toBeGreaterThan(1000);
  });

  it('counts non-2xx answers by status and leaves them out of the latencies', async () => {
    const result = await runPacedLoad(url, [{ cookie: 'u=fail', ratings: [] }], 1, 1, 1, 20);
    expect(result.ok).toBe(0);
    expect(result.statuses['503']).toBeGreaterThan(0);
    expect(Number.isNaN(result.p50Ms)).toBe(true);
  });
});
