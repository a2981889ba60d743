import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import {
  JOB_OPTIONS,
  JOBS,
  QUEUES,
  trainJobProgress,
  trainJobResult,
  type TrainJobResult,
} from '@marquee/contracts';
import { INTERRUPTED_REASON } from '@marquee/contracts';
import { ModelRegistry } from '@marquee/db';
import { createTestDatabase, type TestDatabase } from '@marquee/db/testing';
import type { NcfConfig } from '@marquee/ncf';
import { openTestQueue, until, type TestQueue } from '@marquee/nest-common/testing';
import { createTrainerApp } from '../app';
import { trainerConfigSchema } from '../config/trainer-config';
import { startTrainerChild, type TrainerChild } from '../testing/trainer-child';
import { seedTinyRatings } from '../testing/tiny-ratings';

jest.setTimeout(180_000);

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const SMALL_MODEL: Partial<NcfConfig> = {
  embedDim: 8,
  hiddenUnits: [16, 8],
  batchSize: 64,
  patience: 10,
};
/** The killed trainers fit for up to 500 epochs, without stopping early: they are killed first. */
const SLOW_FIT: Partial<NcfConfig> = { ...SMALL_MODEL, patience: 1_000 };
/** Locks that lapse in seconds, so that the next trainer takes a killed trainer's job soon. */
const SHORT_LOCKS = { lockDuration: 4_000, stalledInterval: 1_000 };
const STOPPED = `${INTERRUPTED_REASON}: its trainer stopped before finishing it`;

describe('a trainer killed mid-fit (real trainer processes, Postgres and Redis)', () => {
  const prefix = `test-interrupted-${randomBytes(4).toString('hex')}`;
  let t: TestDatabase;
  let registry: ModelRegistry;
  let test: TestQueue;
  let app: INestApplication | null = null;
  const children: TrainerChild[] = [];

  const env = (overrides: Record<string, string> = {}) => ({
    DATABASE_URL: t.url,
    REDIS_URL,
    BULL_PREFIX: prefix,
    TRAIN_ON_START: 'false',
    LOG_LEVEL: 'silent',
    ...overrides,
  });

  /**
   * Starts a trainer process, waits until it fits a new version of `jobId` (newer than `after`)
   * and kills it: that version.
   */
  async function killMidFit(jobId: string, after = 0): Promise<number> {
    const child = await startTrainerChild(env({ TRAIN_MAX_EPOCHS: '500' }), {
      ncfConfig: SLOW_FIT,
      trainLocks: SHORT_LOCKS,
    });
    children.push(child);
    let version: number | undefined;
    let fitting = false;
    // An epoch reported once the version exists: progress is the job's, not the attempt's.
    const onProgress = ({ jobId: id, data }: { jobId: string; data: unknown }) => {
      const progress = trainJobProgress.safeParse(data);
      if (id === jobId && version !== undefined && progress.success && progress.data.epoch >= 1) {
        fitting = true;
      }
    };
    test.events.on('progress', onProgress);
    try {
      const isNew = (v: { version: number; trainJobId: string | null }) =>
        v.trainJobId === jobId && v.version > after;
      const versions = await until(
        () => registry.listTraining(),
        (vs) => vs.some(isNew),
        60_000,
        50,
      );
      version = versions.find(isNew)?.version;
      await until(
        async () => fitting,
        (f) => f,
        60_000,
        50,
      );
    } finally {
      test.events.off('progress', onProgress);
    }
    await child.kill('SIGKILL');
    if (version === undefined) throw new Error('unreachable');
    // What a crash leaves until a trainer sweeps it: the version is still TRAINING, its job still active.
    expect((await registry.get(version))?.status).toBe('TRAINING');
    expect(await test.queue.getJobState(jobId)).toBe('active');
    return version;
  }

  /** The next trainer, in this process: a quick fit, and its own locks as short. */
  async function startNextTrainer(): Promise<void> {
    await app?.close();
    const config = trainerConfigSchema.parse(env({ TRAIN_MAX_EPOCHS: '2' }));
    app = await createTrainerApp(config, {
      ncfConfig: SMALL_MODEL,
      // Its own lock is longer: a loaded machine must not make it lose the jobs it trains.
      trainLocks: { ...SHORT_LOCKS, lockDuration: 15_000 },
      logger: ['error'],
    });
  }

  async function finished(jobId: string): Promise<TrainJobResult> {
    const job = await test.queue.getJob(jobId);
    if (!job) throw new Error(`job ${jobId} not found`);
    return trainJobResult.parse(await job.waitUntilFinished(test.events, 120_000));
  }

  const addTrainJob = async (): Promise<string> => {
    const job = await test.queue.add(JOBS.train, { reason: 'manual' }, JOB_OPTIONS.train);
    if (job.id === undefined) throw new Error('no job id');
    return job.id;
  };

  beforeAll(async () => {
    t = await createTestDatabase('interrupted');
    registry = new ModelRegistry(t.db);
    await seedTinyRatings(t.db);
    test = await openTestQueue({ redisUrl: REDIS_URL, name: QUEUES.train, prefix });
  });

  afterEach(async () => {
    await app?.close();
    app = null;
    for (const child of children.splice(0)) await child.kill('SIGKILL');
  });

  afterAll(async () => {
    await test?.close();
    await t?.drop();
  });

  it('fails the version as interrupted, retries the job on the next trainer, and trains again after', async () => {
    const jobId = await addTrainJob();
    const killed = await killMidFit(jobId);

    await startNextTrainer();
    const retried = await finished(jobId);

    expect(retried.modelVersion).toBeGreaterThan(killed);
    expect(await registry.get(killed)).toMatchObject({
      status: 'FAILED',
      failureReason: `${STOPPED}; train job ${jobId} is being retried`,
    });
    expect(await registry.get(retried.modelVersion)).toMatchObject({
      status: 'ACTIVE',
      trainJobId: jobId,
    });
    expect((await test.queue.getJob(jobId))?.stalledCounter).toBe(1);
    expect(await registry.listTraining()).toEqual([]);

    // The job is over, so its deduplication is too: the next retrain is a new job, and works.
    const nextId = await addTrainJob();
    expect(nextId).not.toBe(jobId);
    const next = await finished(nextId);
    expect((await registry.get(next.modelVersion))?.status).toMatch(/^(READY|ACTIVE)$/);
    expect(await registry.listTraining()).toEqual([]);
  });

  it('fails the job when its trainer dies a second time, and the next trainer fails its version', async () => {
    const jobId = await addTrainJob();
    const first = await killMidFit(jobId);
    // The second trainer takes the job once the first one's lock has lapsed...
    const second = await killMidFit(jobId, first);
    expect(second).toBeGreaterThan(first);
    expect((await registry.get(first))?.failureReason).toBe(
      `${STOPPED}; train job ${jobId} is being retried`,
    );

    // ...and the third fails the job for stalling too often, and the version by its sweep.
    await startNextTrainer();
    await expect(finished(jobId)).rejects.toThrow(/stalled more than allowable limit/);
    const interrupted = await until(
      () => registry.get(second),
      (row) => row?.status === 'FAILED',
      10_000,
      50,
    );
    expect(interrupted?.failureReason).toBe(`${STOPPED}; train job ${jobId} failed`);
    expect(await registry.listTraining()).toEqual([]);

    const next = await finished(await addTrainJob());
    expect((await registry.get(next.modelVersion))?.status).toMatch(/^(READY|ACTIVE)$/);
  });
});
