import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import {
  EVENTS,
  JOB_OPTIONS,
  JOBS,
  QUEUES,
  modelPublishedEvent,
  redisOptionsFromUrl,
  trainJobProgress,
  trainJobResult,
  type ModelPublishedEvent,
  type TrainJobProgress,
  type TrainJobResult,
} from '@marquee/contracts';
import { ModelRegistry } from '@marquee/db';
import { createTestDatabase, type TestDatabase } from '@marquee/db/testing';
import { artifactChecksum, deserializeArtifact, type NcfConfig } from '@marquee/ncf';
import { createTrainerApp } from './app';
import { trainerConfigSchema, type TrainerConfig } from './config/trainer-config';
import { INITIAL_JOB_ID } from './queue/initial-training';
import { seedTinyRatings } from './testing/tiny-ratings';

jest.setTimeout(120_000);

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** A small model, so a few epochs take seconds. */
const SMALL_MODEL: Partial<NcfConfig> = {
  embedDim: 8,
  hiddenUnits: [16, 8],
  batchSize: 64,
  patience: 10,
};

describe('trainer service (real Postgres and Redis)', () => {
  const prefix = `test-trainer-${randomBytes(4).toString('hex')}`;
  let t: TestDatabase;
  let registry: ModelRegistry;
  let ratingCount: number;
  let queue: Queue;
  let queueEvents: QueueEvents;
  let subscriber: Redis;
  let app: INestApplication | null = null;
  const published: ModelPublishedEvent[] = [];
  const progress = new Map<string, TrainJobProgress[]>();

  const configFor = (env: Record<string, string> = {}): TrainerConfig =>
    trainerConfigSchema.parse({
      DATABASE_URL: t.url,
      REDIS_URL,
      BULL_PREFIX: prefix,
      TRAIN_MAX_EPOCHS: '3',
      ...env,
    });

  async function boot(env: Record<string, string> = {}, ncfConfig = SMALL_MODEL) {
    await app?.close();
    app = await createTrainerApp(configFor(env), { ncfConfig, logger: ['warn', 'error'] });
    return app;
  }

  async function finish(jobId: string): Promise<TrainJobResult> {
    const job = await queue.getJob(jobId);
    if (!job) throw new Error(`job ${jobId} not found`);
    return trainJobResult.parse(await job.waitUntilFinished(queueEvents, 100_000));
  }

  beforeAll(async () => {
    t = await createTestDatabase('trainer');
    registry = new ModelRegistry(t.db);
    ratingCount = await seedTinyRatings(t.db);
    const connection = { ...redisOptionsFromUrl(REDIS_URL), maxRetriesPerRequest: null };
    queue = new Queue(QUEUES.train, { connection, prefix });
    queueEvents = new QueueEvents(QUEUES.train, { connection, prefix });
    queueEvents.on('progress', ({ jobId, data }) => {
      const list = progress.get(jobId) ?? [];
      list.push(trainJobProgress.parse(data));
      progress.set(jobId, list);
    });
    await queueEvents.waitUntilReady();
    subscriber = new Redis(redisOptionsFromUrl(REDIS_URL));
    subscriber.on('message', (_channel: string, message: string) => {
      // Nest's Redis transport sends { pattern, data }.
      const packet = JSON.parse(message) as { data?: unknown };
      const event = modelPublishedEvent.safeParse(packet.data);
      if (event.success) published.push(event.data);
    });
    await subscriber.subscribe(EVENTS.modelPublished);
  });

  afterAll(async () => {
    await app?.close();
    await queueEvents?.close();
    await queue?.obliterate({ force: true }).catch(() => undefined);
    await queue?.close();
    await subscriber?.quit();
    await t?.drop();
  });

  it('trains the initial model on start, activates it, reports progress and announces it', async () => {
    const trainer = await boot();
    const result = await finish(INITIAL_JOB_ID);

    expect(result.activated).toBe(true);
    expect(result.activationReason).toBe('no model is active yet');
    // One of the 30 users (5%, rounded down, at least one) is held out to measure new users.
    const newUser = result.metrics.newUser;
    expect(newUser).toMatchObject({ users: 1, given: 10 });
    expect(newUser?.predicted).toBeGreaterThanOrEqual(5);
    expect(newUser?.rmse).toBeGreaterThan(0);
    expect(newUser?.rmse).toBeLessThan(2.5);
    // Its top ten movies, ranked from the ten revealed ratings, against the movies it hid.
    for (const figure of [newUser?.ndcg10, newUser?.precision10]) {
      expect(figure).toBeGreaterThanOrEqual(0);
      expect(figure).toBeLessThanOrEqual(1);
    }
    expect(newUser?.likedUsers).toBeLessThanOrEqual(1);
    if (newUser?.likedUsers === 1) expect(newUser.ndcg10Liked).toBeGreaterThanOrEqual(0);
    else expect(newUser).not.toHaveProperty('ndcg10Liked');
    // The best model carries a ranking network, trained after the rating network.
    const ranking = result.metrics.ranking;
    expect(ranking?.valNdcg).toBeGreaterThanOrEqual(0);
    expect(ranking?.valNdcg).toBeLessThanOrEqual(1);
    expect(ranking?.bestEpoch).toBeGreaterThanOrEqual(1);
    expect(ranking?.bestEpoch).toBeLessThanOrEqual(ranking?.epochs ?? 0);
    expect(ranking?.seconds).toBeGreaterThan(0);
    const heldOutRatings = (newUser?.predicted ?? 0) + (newUser?.given ?? 0);
    expect(result.metrics).toMatchObject({
      ratings: ratingCount - heldOutRatings,
      users: 29,
      epochs: 3,
    });
    expect(result.metrics.movies).toBeGreaterThan(30);
    expect(result.metrics.valRmse).toBeGreaterThan(0);
    expect(result.metrics.valRmse).toBeLessThan(2.5);

    const active = await registry.getActive();
    expect(active?.version).toBe(result.modelVersion);
    const stored = await registry.loadArtifact(result.modelVersion);
    expect(artifactChecksum(stored.bytes)).toBe(stored.checksum);
    expect(active?.checksum).toBe(stored.checksum);
    const model = deserializeArtifact(stored.bytes);
    expect(model.userIds).toHaveLength(29);
    // It carries the movies' co-rating neighbours that recommendations cite as reasons.
    expect(model.format).toBe('marquee-ncf/5');
    expect(model.reasonNeighbours?.offsets).toHaveLength(model.movieIds.length + 1);
    expect(model.reasonNeighbours?.neighbours.length).toBeGreaterThan(0);
    // The version's record: config, data snapshot, metrics, checksum, status and the reason.
    const row = await registry.get(result.modelVersion);
    const newest = await t.db.rating.aggregate({ _max: { ratedAt: true } });
    expect(row).toMatchObject({
      status: 'ACTIVE',
      config: expect.objectContaining({ embedDim: 8, hiddenUnits: [16, 8] }),
      dataSnapshot: { ratings: ratingCount, newestRatedAt: newest._max.ratedAt?.toISOString() },
      metrics: { users: 29, newUser: { users: 1, predicted: newUser?.predicted } },
      checksum: stored.checksum,
      sizeBytes: stored.bytes.length,
      activationReason: 'no model is active yet',
    });
    // jsonb keeps floats to about 15 significant digits.
    const storedMetrics = row?.metrics as typeof result.metrics;
    expect(storedMetrics.valRmse).toBeCloseTo(result.metrics.valRmse, 12);
    expect(storedMetrics.newUser?.rmse).toBeCloseTo(newUser?.rmse ?? NaN, 12);
    expect(storedMetrics.newUser?.ndcg10).toBeCloseTo(newUser?.ndcg10 ?? NaN, 12);
    expect(storedMetrics.newUser?.precision10).toBeCloseTo(newUser?.precision10 ?? NaN, 12);
    expect(storedMetrics.ranking?.valNdcg).toBeCloseTo(ranking?.valNdcg ?? NaN, 12);
    expect(storedMetrics.ranking).toMatchObject({
      bestEpoch: ranking?.bestEpoch,
      epochs: ranking?.epochs,
    });

    const epochs = (progress.get(INITIAL_JOB_ID) ?? []).filter((p) => p.epoch > 0);
    expect(epochs.map((p) => p.epoch)).toEqual([1, 2, 3]);
    expect(epochs.every((p) => p.epochs === 3 && p.loss !== null && p.valRmse !== null)).toBe(true);

    await waitFor(() => published.some((e) => e.version === result.modelVersion));
    expect(published).toContainEqual({ version: result.modelVersion, checksum: stored.checksum });

    await trainer.listen(0);
    const ready = await fetch(`${await trainer.getUrl()}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ checks: { postgres: 'up', redis: 'up' } });
  });

  it('keeps a version that is not good enough READY and does not announce it', async () => {
    const before = await registry.getActive();
    if (!before) throw new Error('the first test should have left an active model');
    // A negative margin makes any new version "worse" than the active one.
    await boot({ ACTIVATION_MARGIN: '-10' });
    expect(await queue.getJobCounts('waiting', 'active')).toEqual({ waiting: 0, active: 0 });

    const job = await queue.add(JOBS.train, { reason: 'manual', epochs: 2 }, JOB_OPTIONS.train);
    const result = await finish(job.id ?? '');

    expect(result.activated).toBe(false);
    expect(result.activationReason).toMatch(/^not better enough: valRmse \S+ > /);
    // Both versions have held-out users' nDCG@10: the reason gives that rule's figures too.
    expect(result.activationReason).toMatch(/; new-user nDCG@10 \S+ (>=|<) active version /);
    expect(result.metrics.epochs).toBe(2);
    expect(await registry.get(result.modelVersion)).toMatchObject({
      status: 'READY',
      activationReason: result.activationReason,
    });
    expect((await registry.getActive())?.version).toBe(before.version);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(published.map((e) => e.version)).not.toContain(result.modelVersion);
  });

  it('trains the best model with movie features from the movies table, unrated movies included', async () => {
    await t.db.movie.create({
      data: { id: 9999, title: 'Nobody Rated This', year: 1999, genres: ['Drama'] },
    });
    try {
      const metricsOf = new Map<string, TrainJobResult['metrics']>();
      const artifactOf = async (env: Record<string, string>) => {
        // A negative margin keeps each version READY, so the active model stays the same.
        await boot({ ACTIVATION_MARGIN: '-10', ...env });
        const job = await queue.add(JOBS.train, { reason: 'manual', epochs: 1 }, JOB_OPTIONS.train);
        const result = await finish(job.id ?? '');
        metricsOf.set(env.TRAIN_MODEL ?? 'best', result.metrics);
        return deserializeArtifact((await registry.loadArtifact(result.modelVersion)).bytes);
      };
      const best = await artifactOf({});
      expect(best.config.filmFeatures).toBe(true);
      expect(best.movieIds).toContain(9999);
      // The best model's new users get the stack fitted on its validation ratings; the
      // faithful model is served as the original project served it.
      expect(best.newUserStack?.itemMeans).toHaveLength(best.movieIds.length);
      const faithful = await artifactOf({ TRAIN_MODEL: 'faithful' });
      expect(faithful.config.filmFeatures).toBeUndefined();
      expect(faithful.movieIds).not.toContain(9999);
      expect(faithful.newUserStack).toBeUndefined();
      // Only the best model has a ranking network (the faithful one orders movies by stars); both
      // are measured on the held-out users' top ten.
      expect(best.config.ranking).toBeDefined();
      expect(metricsOf.get('best')?.ranking?.epochs).toBeGreaterThanOrEqual(1);
      expect(faithful.config.ranking).toBeUndefined();
      expect(metricsOf.get('faithful')).not.toHaveProperty('ranking');
      expect(metricsOf.get('faithful')?.newUser?.ndcg10).toBeGreaterThanOrEqual(0);
    } finally {
      await t.db.movie.delete({ where: { id: 9999 } });
    }
  });

  it('marks the version FAILED with the reason when training breaks, and fails the job', async () => {
    await boot({}, { ...SMALL_MODEL, embedDim: 0 });
    const job = await queue.add(JOBS.train, { reason: 'manual', epochs: 1 }, JOB_OPTIONS.train);
    await expect(finish(job.id ?? '')).rejects.toThrow(/embedDim/);
    const latest = (await registry.list())[0];
    expect(latest?.status).toBe('FAILED');
    expect(latest?.failureReason).toMatch(/embedDim/);
  });

  it('fails a job with invalid data without training', async () => {
    const versionsBefore = (await registry.list()).length;
    const job = await queue.add(JOBS.train, { reason: 'whim' }, JOB_OPTIONS.train);
    await expect(finish(job.id ?? '')).rejects.toThrow(/INVALID_JOB: reason/);
    expect(await registry.list()).toHaveLength(versionsBefore);
  });

  it('re-runs the initial training at start when no model is active any more', async () => {
    const active = await registry.getActive();
    if (!active) throw new Error('an earlier test should have left an active model');
    // The initial job from the first test is still kept (completed) under the same id.
    expect(await (await queue.getJob(INITIAL_JOB_ID))?.getState()).toBe('completed');
    await registry.markFailed(active.version, 'test: the serving replicas could not load it');

    await boot();
    const result = await finish(INITIAL_JOB_ID);
    expect(result.activated).toBe(true);
    expect(result.modelVersion).toBeGreaterThan(active.version);
    expect((await registry.getActive())?.version).toBe(result.modelVersion);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
