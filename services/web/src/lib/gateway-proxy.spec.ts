import type { ServerResponse } from 'node:http';
import { TestServer } from '../testing/test-server';
import { DEFAULT_GATEWAY_URL, proxyOptionsFromEnv, proxyToGateway } from './gateway-proxy';

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

describe('gateway proxy (a real HTTP server as the gateway)', () => {
  const gateway = new TestServer();
  let gatewayUrl = '';
  const logged: string[] = [];
  const options = (timeoutMs = 2000) => ({
    gatewayUrl,
    timeoutMs,
    log: (m: string) => logged.push(m),
  });

  beforeAll(async () => {
    gatewayUrl = await gateway.start();
  });
  afterAll(() => gateway.stop());
  beforeEach(() => {
    gateway.requests.length = 0;
    logged.length = 0;
  });

  it('forwards method, path, query, cookies and body, and returns status and body', async () => {
    gateway.handler = (req, res) => json(res, 201, { echoed: JSON.parse(req.body) });
    const response = await proxyToGateway(
      new Request('http://web.example:3200/api/ratings/7?x=1&y=%C3%A9', {
        method: 'PUT',
        headers: {
          'content-type': 'application/json',
          cookie: 'marquee_uid=abc',
          'x-forwarded-for': '198.51.100.7',
        },
        body: JSON.stringify({ rating: 4.5 }),
      }),
      options(),
    );

    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ echoed: { rating: 4.5 } });
    const [forwarded] = gateway.requests;
    expect(forwarded).toMatchObject({ method: 'PUT', url: '/api/ratings/7?x=1&y=%C3%A9' });
    expect(forwarded?.contentType).toBe('application/json');
    expect(forwarded?.headers.cookie).toBe('marquee_uid=abc');
    expect(forwarded?.headers['x-forwarded-host']).toBe('web.example:3200');
    expect(forwarded?.headers['x-forwarded-proto']).toBe('http');
    // The client address the gateway's rate limiter keys on (with TRUST_PROXY).
    expect(forwarded?.headers['x-forwarded-for']).toBe('198.51.100.7');
  });

  it('passes every Set-Cookie header through separately', async () => {
    gateway.handler = (_req, res) => {
      res.setHeader('set-cookie', ['a=1; Path=/; HttpOnly', 'b=2; Path=/']);
      json(res, 200, {});
    };
    const response = await proxyToGateway(new Request('http://web/api/profile/reset'), options());
    expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/; HttpOnly', 'b=2; Path=/']);
  });

  it('passes an error status and its body through unchanged', async () => {
    gateway.handler = (_req, res) => json(res, 400, { statusCode: 400, message: 'q is required' });
    const response = await proxyToGateway(new Request('http://web/api/movies/search'), options());
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ statusCode: 400, message: 'q is required' });
  });

  it('streams a response body as it arrives (server-sent events)', async () => {
    let finish: () => void = () => undefined;
    gateway.handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: first\n\n');
      finish = () => res.end('data: last\n\n');
    };
    const response = await proxyToGateway(new Request('http://web/api/events'), options(500));
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe('data: first\n\n');
    // The header timeout does not cut a stream that outlives it.
    await new Promise((resolve) => setTimeout(resolve, 700));
    finish();
    const rest = await reader.read();
    expect(new TextDecoder().decode(rest.value)).toBe('data: last\n\n');
  });

  it('answers 502 GATEWAY_UNREACHABLE as JSON when nothing listens', async () => {
    const closed = new TestServer();
    const closedUrl = await closed.start();
    await closed.stop();

    const response = await proxyToGateway(new Request('http://web/api/ratings'), {
      ...options(),
      gatewayUrl: closedUrl,
    });
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({
      statusCode: 502,
      code: 'GATEWAY_UNREACHABLE',
      message: expect.stringMatching(/not reachable/),
    });
    expect(logged.join('\n')).toContain(`${closedUrl}/api/ratings`);
  });

  it('answers 504 GATEWAY_TIMEOUT when the gateway sends no headers in time', async () => {
    gateway.handler = () => undefined;
    const started = Date.now();
    const response = await proxyToGateway(new Request('http://web/api/ratings'), options(200));
    expect(response.status).toBe(504);
    expect(await response.json()).toMatchObject({ code: 'GATEWAY_TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('reads GATEWAY_URL and GATEWAY_TIMEOUT_MS when asked, with defaults', () => {
    expect(
      proxyOptionsFromEnv({ GATEWAY_URL: 'http://gw:4200/', GATEWAY_TIMEOUT_MS: '900' }),
    ).toMatchObject({
      gatewayUrl: 'http://gw:4200',
      timeoutMs: 900,
    });
    expect(proxyOptionsFromEnv({ GATEWAY_TIMEOUT_MS: 'soon' })).toMatchObject({
      gatewayUrl: DEFAULT_GATEWAY_URL,
      timeoutMs: 30_000,
    });
  });
});
