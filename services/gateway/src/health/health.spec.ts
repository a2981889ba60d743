import request from 'supertest';
import { startTestGateway, type TestGateway } from '../testing/gateway-test-kit';

describe('health', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway('health');
  });
  afterAll(async () => {
    await gw.close();
  });

  it('is live, outside /api and without an identity cookie', async () => {
    const res = await request(gw.server).get('/health/live').expect(200, { status: 'ok' });
    expect(res.headers['set-cookie']).toBeUndefined();
    await request(gw.server).get('/api/health/live').expect(404);
  });

  it('is ready when Postgres and Redis answer', async () => {
    await request(gw.server)
      .get('/health/ready')
      .expect(200, { status: 'ok', checks: { postgres: 'ok', redis: 'ok' } });
  });
});

describe('health when Redis is unreachable', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    // Port 1 on localhost refuses connections: Redis is "down" for this app only.
    gw = await startTestGateway('health_down', { REDIS_URL: 'redis://127.0.0.1:1' });
  });
  afterAll(async () => {
    await gw.close();
  });

  it('answers 503 naming Redis, within a couple of seconds', async () => {
    const started = Date.now();
    const res = await request(gw.server).get('/health/ready').expect(503);
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(res.body).toMatchObject({ statusCode: 503, code: 'NOT_READY' });
    expect(res.body.message).toBe('Not ready: redis did not answer');
    expect(res.body.details).toContainEqual('postgres: ok');
    expect(res.body.details).toContainEqual(expect.stringMatching(/^redis: /));
  });
});
