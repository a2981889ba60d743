import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { JOB_OPTIONS, JOBS, QUEUES } from '@marquee/contracts';
import { createTestDatabase, type TestDatabase } from '@marquee/db/testing';
import { sumSamples } from '@marquee/nest-common';
import { openTestQueue, scrapeMetrics, type TestQueue } from '@marquee/nest-common/testing';
import { createTrainerApp } from '../app';
import { trainerConfigSchema } from '../config/trainer-config';
import { seedTinyRatings } from '../testing/tiny-ratings';

jest.setTimeout(120_000);

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('trainer metrics and job logs (real Postgres and Redis)', () => {
  const prefix = `test-trainer-metrics-${randomBytes(4).toString('hex')}`;
  const lines: string[] = [];
  let t: TestDatabase;
  let app: INestApplication;
  let url: string;
  let jobs: TestQueue;

  beforeAll(async () => {
    t = await createTestDatabase('trainer_metrics');
    await seedTinyRatings(t.db);
    const config = trainerConfigSchema.parse({
      DATABASE_URL: t.url,
      REDIS_URL,
      BULL_PREFIX: prefix,
      TRAIN_ON_START: 'false',
      LOG_FORMAT: 'json',
    });
    app = await createTrainerApp(config, {
      ncfConfig: { embedDim: 8, hiddenUnits: [16, 8], batchSize: 64, patience: 10 },
      logDestination: { write: (line: string) => void lines.push(line) },
    });
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
    jobs = await openTestQueue({ redisUrl: REDIS_URL, name: QUEUES.train, prefix });
  });

  afterAll(async () => {
    await app?.close();
    await jobs?.close();
    await t?.drop();
  });

  const scrape = () => scrapeMetrics(url);

  it('reports the training: duration, epochs, validation RMSE and nDCG, samples/s; logs carry the request id', async () => {
    const before = await scrape();
    expect(before.types.get('marquee_trainer_training_duration_seconds')).toBe('histogram');
    expect(sumSamples(before, 'marquee_trainer_training_duration_seconds_count')).toBe(0);

    const job = await jobs.queue.add(
      JOBS.train,
      { reason: 'manual', epochs: 2, requestId: 'admin-req-42' },
      JOB_OPTIONS.train,
    );
    const result = (await job.waitUntilFinished(jobs.events, 100_000)) as {
      metrics: { valRmse: number; epochs: number; ranking?: { valNdcg: number; epochs: number } };
    };

    const after = await scrape();
    expect(
      sumSamples(after, 'marquee_trainer_training_duration_seconds_count', { outcome: 'ok' }),
    ).toBe(1);
    expect(sumSamples(after, 'marquee_trainer_train_jobs_total', { outcome: 'ok' })).toBe(1);
    expect(sumSamples(after, 'marquee_trainer_epoch')).toBe(result.metrics.epochs);
    expect(sumSamples(after, 'marquee_trainer_last_val_rmse')).toBeGreaterThan(0);
    // The ranking network's last epoch: the kept one's figure when it ran no epoch after it.
    expect(after.types.get('marquee_trainer_last_val_ndcg')).toBe('gauge');
    const lastNdcg = sumSamples(after, 'marquee_trainer_last_val_ndcg');
    expect(lastNdcg).toBeGreaterThanOrEqual(0);
    expect(lastNdcg).toBeLessThanOrEqual(1);
    expect(result.metrics.ranking?.epochs).toBeGreaterThanOrEqual(1);
    expect(sumSamples(after, 'marquee_trainer_samples_per_second')).toBeGreaterThan(0);
    expect(sumSamples(after, 'marquee_trainer_training_in_progress')).toBe(0);

    const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const epochLines = entries.filter(
      (e) => typeof e.msg === 'string' && / epoch \d+\/\d+: loss /.test(e.msg),
    );
    expect(epochLines.length).toBeGreaterThan(0);
    const rankingLines = entries.filter(
      (e) =>
        typeof e.msg === 'string' &&
        / ranking network epoch \d+\/\d+: loss .* valNdcg@10 /.test(e.msg),
    );
    expect(rankingLines).toHaveLength(result.metrics.ranking?.epochs ?? -1);
    for (const line of epochLines) {
      expect(line).toMatchObject({
        service: 'trainer',
        requestId: 'admin-req-42',
        jobId: job.id,
        reason: 'manual',
      });
    }
  });
});
