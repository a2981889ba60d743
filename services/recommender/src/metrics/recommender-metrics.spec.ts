import { randomBytes, randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { JOB_OPTIONS, JOBS, QUEUES, type RecommendJobData } from '@marquee/contracts';
import { ModelRegistry } from '@marquee/db';
import { createTestDatabase, type TestDatabase } from '@marquee/db/testing';
import { sumSamples } from '@marquee/nest-common';
import { openTestQueue, scrapeMetrics, type TestQueue } from '@marquee/nest-common/testing';
import { createRecommenderApp } from '../app';
import { recommenderConfigSchema } from '../config/recommender-config';
import { publishTinyModel, trainTinyModel } from '../testing/tiny-model';

jest.setTimeout(60_000);

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('recommender metrics and job logs (real Postgres and Redis)', () => {
  const prefix = `test-recommender-metrics-${randomBytes(4).toString('hex')}`;
  const lines: string[] = [];
  let t: TestDatabase;
  let app: INestApplication;
  let url: string;
  let version: number;
  let jobs: TestQueue;

  beforeAll(async () => {
    t = await createTestDatabase('recommender_metrics');
    const registry = new ModelRegistry(t.db);
    version = await publishTinyModel(registry, await trainTinyModel());
    await registry.activate(version);
    const config = recommenderConfigSchema.parse({
      DATABASE_URL: t.url,
      REDIS_URL,
      BULL_PREFIX: prefix,
      RECOMMENDER_PORT: '0',
      REPLICA_ID: 'replica-a',
      LOG_FORMAT: 'json',
    });
    app = await createRecommenderApp(config, {
      logDestination: { write: (line: string) => void lines.push(line) },
    });
    url = await app.getUrl();
    jobs = await openTestQueue({ redisUrl: REDIS_URL, name: QUEUES.recommend, prefix });
  });

  afterAll(async () => {
    await app?.close();
    await jobs?.close();
    await t?.drop();
  });

  const scrape = () => scrapeMetrics(url);

  async function run(data: unknown): Promise<unknown> {
    const job = await jobs.queue.add(
      JOBS.recommend,
      data as RecommendJobData,
      JOB_OPTIONS.recommend,
    );
    return job.waitUntilFinished(jobs.events, 10_000);
  }

  it('names the model version this replica serves', async () => {
    const metrics = await scrape();
    expect(metrics.types.get('marquee_recommender_model_version')).toBe('gauge');
    expect(sumSamples(metrics, 'marquee_recommender_model_version', { replica: 'replica-a' })).toBe(
      version,
    );
    expect(metrics.types.get('process_cpu_seconds_total')).toBe('counter');
  });

  it('times each job and counts it by outcome', async () => {
    const before = await scrape();
    const requestId = `req-${randomUUID()}`;
    await run({
      requestId,
      userId: 'u1',
      ratings: [{ movieId: 1, rating: 5 }],
      excludeMovieIds: [],
      count: 3,
    });
    await expect(run({ requestId: 'bad', userId: 'u1', ratings: [], count: 0 })).rejects.toThrow(
      /INVALID_JOB/,
    );
    const after = await scrape();
    const moved = (name: string, labels: Record<string, string> = {}) =>
      sumSamples(after, name, labels) - sumSamples(before, name, labels);
    expect(moved('marquee_recommender_job_duration_seconds_count', { outcome: 'ok' })).toBe(1);
    expect(
      moved('marquee_recommender_job_duration_seconds_sum', { outcome: 'ok' }),
    ).toBeGreaterThan(0);
    expect(moved('marquee_recommender_jobs_total', { outcome: 'ok' })).toBe(1);
    expect(moved('marquee_recommender_jobs_total', { outcome: 'invalid' })).toBe(1);
    expect(moved('marquee_recommender_job_queue_seconds_count')).toBe(2);

    // The job's log line carries the request id it serves (from the gateway's x-request-id).
    const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const done = entries.find((e) => e.msg === 'recommend job done' && e.requestId === requestId);
    expect(done).toMatchObject({
      service: 'recommender',
      replica: 'replica-a',
      modelVersion: version,
      items: 3,
    });
    expect(typeof done?.jobId).toBe('string');
  });
});
