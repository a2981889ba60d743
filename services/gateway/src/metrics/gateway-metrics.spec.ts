import request from 'supertest';
import {
  EVENTS,
  JOBS,
  QUEUES,
  type RecommendJobData,
  redisOptionsFromUrl,
} from '@marquee/contracts';
import { parsePrometheusText, REQUEST_ID_HEADER, sumSamples } from '@marquee/nest-common';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { startFakeRecommender } from '../testing/fake-workers';
import { seedMovies, startTestGateway, type TestGateway } from '../testing/gateway-test-kit';
import { seedModelVersion } from '../testing/model-versions';

let gw: TestGateway;

beforeAll(async () => {
  gw = await startTestGateway('metrics');
  await seedMovies(gw.db, 20);
});

afterAll(async () => {
  await gw.close();
});

async function scrape() {
  const res = await request(gw.metricsUrl).get('/metrics').expect(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
  return parsePrometheusText(res.text);
}

describe('gateway GET /metrics', () => {
  it('is not answered on the public port, under /api or not', async () => {
    for (const path of ['/metrics', '/api/metrics']) {
      const res = await request(gw.server).get(path).expect(404);
      expect(res.text).not.toContain('marquee_');
    }
  });

  it('serves Prometheus text with the gateway metrics on METRICS_PORT only', async () => {
    expect(new URL(gw.metricsUrl).port).not.toBe(
      String((gw.server.address() as { port: number }).port),
    );
    const metrics = await scrape();
    expect(metrics.types.get('marquee_http_request_duration_seconds')).toBe('histogram');
    expect(metrics.types.get('marquee_recommend_wait_seconds')).toBe('histogram');
    expect(metrics.types.get('marquee_gateway_recommend_stage_seconds')).toBe('histogram');
    expect(metrics.types.get('marquee_queue_jobs')).toBe('gauge');
    expect(metrics.types.get('process_resident_memory_bytes')).toBe('gauge');
  });

  it('reports the depth of the recommend and train queues', async () => {
    const queue = new Queue(QUEUES.recommend, {
      connection: redisOptionsFromUrl(gw.config.redisUrl),
      prefix: gw.config.bullPrefix,
    });
    try {
      await queue.add(JOBS.recommend, { requestId: 'a' });
      await queue.add(JOBS.recommend, { requestId: 'b' });
      const metrics = await scrape();
      expect(
        sumSamples(metrics, 'marquee_queue_jobs', { queue: 'recommend', state: 'waiting' }),
      ).toBe(2);
      expect(
        sumSamples(metrics, 'marquee_queue_jobs', { queue: 'recommend', state: 'active' }),
      ).toBe(0);
      expect(
        metrics.samples.some(
          (s) =>
            s.name === 'marquee_queue_jobs' &&
            s.labels.queue === 'train' &&
            s.labels.state === 'waiting',
        ),
      ).toBe(true);
    } finally {
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });
});

describe('a recommendation request, observed', () => {
  const received: { data: RecommendJobData; jobId: string | undefined }[] = [];
  let worker: Worker;

  beforeAll(async () => {
    const active = await seedModelVersion(gw.db, 'ACTIVE');
    worker = await startFakeRecommender(gw, (data, job) => {
      received.push({ data, jobId: job.id });
      return {
        modelVersion: active.version,
        replica: 'test-replica',
        items: [{ movieId: 3, predictedRating: 4.2 }],
      };
    });
  });

  afterAll(async () => {
    await worker.close();
  });

  it('carries the x-request-id to the job, answers with it, and moves the histograms', async () => {
    const before = await scrape();
    const res = await request(gw.server)
      .get('/api/recommendations?count=1')
      .set(REQUEST_ID_HEADER, 'load-test-req-0001')
      .expect(200);
    expect(res.headers[REQUEST_ID_HEADER]).toBe('load-test-req-0001');
    const job = received.at(-1);
    expect(job?.data.requestId).toBe('load-test-req-0001');
    // The job id is the gateway's own: a caller's id must never select an existing job.
    expect(job?.jobId).not.toBe('load-test-req-0001');

    const after = await scrape();
    const moved = (name: string, labels: Record<string, string>) =>
      sumSamples(after, name, labels) - sumSamples(before, name, labels);
    expect(
      moved('marquee_http_request_duration_seconds_count', {
        route: '/api/recommendations',
        status_code: '200',
      }),
    ).toBe(1);
    expect(moved('marquee_recommend_wait_seconds_count', { outcome: 'ok' })).toBe(1);
    for (const stage of ['active_model', 'user_data', 'movie_join']) {
      expect(moved('marquee_gateway_recommend_stage_seconds_count', { stage })).toBe(1);
    }
    expect(moved('marquee_recommend_wait_seconds_sum', {})).toBeGreaterThan(0);
  });

  it('two requests with the same x-request-id each get their own job', async () => {
    received.length = 0;
    await request(gw.server)
      .get('/api/recommendations')
      .set(REQUEST_ID_HEADER, 'same-id')
      .expect(200);
    await request(gw.server)
      .get('/api/recommendations')
      .set(REQUEST_ID_HEADER, 'same-id')
      .expect(200);
    expect(received).toHaveLength(2);
    expect(received[0]?.jobId).not.toBe(received[1]?.jobId);
  });

  it('forgets the cached active model as soon as model.published arrives', async () => {
    await request(gw.server).get('/api/recommendations').expect(200);
    // No version is active any more; only the event tells the gateway before its TTL.
    await gw.db.modelVersion.updateMany({
      where: { status: 'ACTIVE' },
      data: { status: 'RETIRED' },
    });
    const publisher = new Redis(redisOptionsFromUrl(gw.config.redisUrl));
    try {
      await publisher.publish(
        EVENTS.modelPublished,
        JSON.stringify({ pattern: EVENTS.modelPublished, data: {} }),
      );
    } finally {
      publisher.disconnect();
    }
    // Pub/sub delivery is asynchronous: give it a moment, far below the cache's TTL.
    await new Promise((r) => setTimeout(r, 200));
    const res = await request(gw.server).get('/api/recommendations').expect(503);
    expect(res.body).toMatchObject({ code: 'NO_MODEL' });
  });
});
