import { Controller, Get, Logger, Module, Param, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import request from 'supertest';
import type { Server } from 'node:http';
import { isPretty, loggingModule } from './logging';
import { MetricsListener } from './metrics-listener';
import { installHttpMetrics, MetricsModule } from './metrics.module';
import { parsePrometheusText, sumSamples } from './prometheus-text';
import { REQUEST_ID_HEADER } from './request-id';
import { useStructuredLogs } from './structured-logs';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

@Controller('things')
class ThingsController {
  private readonly logger = new Logger('Things');

  @Get(':id')
  get(@Param('id') id: string): { id: string } {
    this.logger.log(`looked up thing ${id}`);
    return { id };
  }
}

/** Every line the app logged, parsed (they must all be JSON). */
const lines: string[] = [];
const logged = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

let app: INestApplication;
let server: Server;

beforeAll(async () => {
  @Module({
    imports: [
      loggingModule({
        service: 'test-service',
        level: 'info',
        format: 'json',
        destination: { write: (line: string) => void lines.push(line) },
      }),
      MetricsModule.forRoot({ service: 'test-service' }),
    ],
    controllers: [ThingsController],
  })
  class TestModule {}

  app = await NestFactory.create(TestModule, { bufferLogs: true });
  useStructuredLogs(app);
  installHttpMetrics(app);
  await app.listen(0, '127.0.0.1');
  server = app.getHttpServer() as Server;
});

afterAll(async () => {
  await app.close();
});

describe('request ids', () => {
  it("answers with the caller's x-request-id and logs every line of the request with it", async () => {
    lines.length = 0;
    const res = await request(server)
      .get('/things/7')
      .set(REQUEST_ID_HEADER, 'abc-123.req:1')
      .expect(200);
    expect(res.headers[REQUEST_ID_HEADER]).toBe('abc-123.req:1');
    const entries = logged();
    const own = entries.find((e) => e.msg === 'looked up thing 7');
    expect(own).toMatchObject({ requestId: 'abc-123.req:1', context: 'Things' });
    const done = entries.find((e) => e.msg === 'request completed');
    expect(done).toMatchObject({
      requestId: 'abc-123.req:1',
      service: 'test-service',
      req: { method: 'GET', url: '/things/7' },
      res: { statusCode: 200 },
    });
  });

  it('makes a fresh id when the caller sends none or one unsafe to log', async () => {
    const none = await request(server).get('/things/1').expect(200);
    expect(none.headers[REQUEST_ID_HEADER]).toMatch(UUID);
    const unsafe = await request(server)
      .get('/things/1')
      .set(REQUEST_ID_HEADER, 'id with spaces "and quotes"')
      .expect(200);
    expect(unsafe.headers[REQUEST_ID_HEADER]).toMatch(UUID);
    const long = await request(server).get('/things/1').set(REQUEST_ID_HEADER, 'x'.repeat(129));
    expect(long.headers[REQUEST_ID_HEADER]).toMatch(UUID);
    expect(none.headers[REQUEST_ID_HEADER]).not.toBe(unsafe.headers[REQUEST_ID_HEADER]);
  });

  it('never logs cookies or the authorization header', async () => {
    lines.length = 0;
    await request(server)
      .get('/things/2')
      .set('Cookie', 'marquee_uid=cookie-secret-value')
      .set('Authorization', 'Bearer token-secret-value')
      .expect(200);
    const text = lines.join('');
    expect(text).toContain('request completed');
    expect(text).not.toContain('cookie-secret-value');
    expect(text).not.toContain('token-secret-value');
  });

  it('does not log health probes and metric scrapes', async () => {
    lines.length = 0;
    await request(server).get('/metrics').expect(200);
    expect(logged().filter((e) => e.msg === 'request completed')).toEqual([]);
  });
});

describe('GET /metrics', () => {
  async function scrape() {
    const res = await request(server).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain;/);
    expect(res.headers['content-type']).toContain('version=0.0.4');
    return parsePrometheusText(res.text);
  }

  it('serves valid Prometheus text with the process defaults, labelled with the service', async () => {
    const metrics = await scrape();
    expect(metrics.types.get('process_cpu_seconds_total')).toBe('counter');
    expect(metrics.types.get('nodejs_eventloop_lag_seconds')).toBe('gauge');
    expect(metrics.types.get('marquee_http_request_duration_seconds')).toBe('histogram');
    const cpu = metrics.samples.find((s) => s.name === 'process_cpu_seconds_total');
    expect(cpu?.labels).toEqual({ service: 'test-service' });
  });

  it('times each request under its route pattern and status, not its URL', async () => {
    const count = (labels: Record<string, string>) =>
      sumSamples(before, 'marquee_http_request_duration_seconds_count', labels);
    const before = await scrape();
    const okBefore = count({ route: '/things/:id', status_code: '200', method: 'GET' });
    const missingBefore = count({ route: 'unmatched', status_code: '404' });

    await request(server).get('/things/41').expect(200);
    await request(server).get('/things/42').expect(200);
    await request(server).get('/no/such/route').expect(404);

    const after = await scrape();
    const countAfter = (labels: Record<string, string>) =>
      sumSamples(after, 'marquee_http_request_duration_seconds_count', labels);
    expect(countAfter({ route: '/things/:id', status_code: '200', method: 'GET' })).toBe(
      okBefore + 2,
    );
    expect(countAfter({ route: 'unmatched', status_code: '404' })).toBe(missingBefore + 1);
    expect(after.samples.some((s) => s.labels.route?.includes('41'))).toBe(false);
    expect(
      sumSamples(after, 'marquee_http_request_duration_seconds_sum', { route: '/things/:id' }),
    ).toBeGreaterThan(0);
  });
});

describe('GET /metrics on a listener of its own', () => {
  let separate: INestApplication;
  let publicServer: Server;
  let metricsUrl: string;

  beforeAll(async () => {
    @Module({
      imports: [
        MetricsModule.forRoot({
          service: 'separate-service',
          listener: { port: 0, host: '127.0.0.1' },
        }),
      ],
      controllers: [ThingsController],
    })
    class SeparateModule {}

    separate = await NestFactory.create(SeparateModule, { logger: false });
    installHttpMetrics(separate);
    await separate.listen(0, '127.0.0.1');
    publicServer = separate.getHttpServer() as Server;
    metricsUrl = `http://127.0.0.1:${separate.get(MetricsListener).port}`;
  });

  afterAll(async () => {
    await separate?.close();
  });

  it("is not answered on the app's own port", async () => {
    await request(publicServer).get('/things/1').expect(200);
    await request(publicServer).get('/metrics').expect(404);
  });

  it('serves the same registry on the metrics port, and nothing else there', async () => {
    const res = await fetch(`${metricsUrl}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('version=0.0.4');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const metrics = parsePrometheusText(await res.text());
    const cpu = metrics.samples.find((s) => s.name === 'process_cpu_seconds_total');
    expect(cpu?.labels).toEqual({ service: 'separate-service' });
    // The app's requests are timed in the registry the listener serves.
    expect(
      sumSamples(metrics, 'marquee_http_request_duration_seconds_count', { route: '/things/:id' }),
    ).toBeGreaterThanOrEqual(1);
    expect((await fetch(`${metricsUrl}/things/1`)).status).toBe(404);
    expect((await fetch(`${metricsUrl}/metrics`, { method: 'POST' })).status).toBe(405);
  });

  it('stops listening when the app closes', async () => {
    const other = await NestFactory.create(
      MetricsModule.forRoot({ service: 'closing', listener: { port: 0, host: '127.0.0.1' } }),
      { logger: false },
    );
    await other.init();
    const url = `http://127.0.0.1:${other.get(MetricsListener).port}/metrics`;
    expect((await fetch(url)).status).toBe(200);
    await other.close();
    await expect(fetch(url)).rejects.toThrow();
  });
});

describe('parsePrometheusText', () => {
  it('reads labels with escapes and special values, and rejects malformed lines', () => {
    const parsed = parsePrometheusText(
      [
        '# HELP a_total A counter',
        '# TYPE a_total counter',
        'a_total{x="1",y="q\\"uote"} 3',
        'b_bucket{le="+Inf"} 4',
        'c NaN',
      ].join('\n'),
    );
    expect(parsed.samples[0]).toEqual({
      name: 'a_total',
      labels: { x: '1', y: 'q"uote' },
      value: 3,
    });
    expect(parsed.samples[2]?.value).toBeNaN();
    expect(() => parsePrometheusText('a_total{x=1} 3')).toThrow(/malformed/);
    expect(() => parsePrometheusText('a total 3')).toThrow(/not a sample value/);
    expect(() => parsePrometheusText('# TYPE a_total countr')).toThrow(/malformed comment/);
    expect(() => parsePrometheusText('a_total three')).toThrow(/not a sample value/);
  });
});

describe('isPretty', () => {
  it('is pretty on a terminal when auto, and always when asked', () => {
    expect(isPretty('auto', true)).toBe(true);
    expect(isPretty('auto', false)).toBe(false);
    expect(isPretty('json', true)).toBe(false);
    expect(isPretty('pretty', false)).toBe(true);
  });
});
