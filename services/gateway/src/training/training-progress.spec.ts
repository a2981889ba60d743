import request from 'supertest';
import {
  JOBS,
  JOB_OPTIONS,
  QUEUES,
  type TrainJobData,
  type TrainJobProgress,
  type TrainJobResult,
  type TrainingProgressResponse,
  redisOptionsFromUrl,
  trainingProgressResponse,
} from '@marquee/contracts';
import { type Job, Queue, Worker } from 'bullmq';
import { until } from '@marquee/nest-common/testing';
import { openTrainQueue } from '../testing/fake-workers';
import { startTestGateway, type TestGateway } from '../testing/gateway-test-kit';
import { seedModelVersion, testMetrics } from '../testing/model-versions';

/** Answers are cached for a second: re-read every 100 ms, for up to 8 s. */
const untilFresh = <T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> =>
  until(read, done, 8_000, 100);

let gw: TestGateway;
/** The test's own handle on the gateway's train queue (same Redis, same prefix). */
let queue: Queue<TrainJobData>;

beforeAll(async () => {
  // No ADMIN_TOKEN: the admin API is off, and this public route must not need it.
  gw = await startTestGateway('training');
  queue = openTrainQueue(gw);
});

afterAll(async () => {
  await queue.close();
  await gw.close();
});

/** GET /api/models/training, checked against the contract (strict: no extra fields). */
async function training(): Promise<TrainingProgressResponse['training']> {
  const res = await request(gw.server).get('/api/models/training').expect(200);
  expect(res.headers['set-cookie']).toBeUndefined();
  return trainingProgressResponse.parse(res.body).training;
}

function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

describe('GET /api/models/training', () => {
  let worker: Worker<TrainJobData, TrainJobResult> | undefined;

  afterAll(async () => {
    await worker?.close();
  });

  it('is null while no train job waits or runs', async () => {
    expect(await training()).toBeNull();
  });

  it('follows a train job from the queue through its epochs, then is null again', async () => {
    // A TRAINING row left behind by an earlier run: it is not the version this job trains.
    const stale = await seedModelVersion(gw.db, 'TRAINING');
    await gw.db.modelVersion.update({
      where: { version: stale.version },
      data: { createdAt: new Date(Date.now() - 60 * 60_000) },
    });

    const job = await queue.add(JOBS.train, { reason: 'manual', epochs: 12 }, JOB_OPTIONS.train);
    const queued = await untilFresh(training, (t) => t?.jobId === job.id);
    expect(queued).toEqual({
      jobId: job.id,
      state: 'waiting',
      version: null,
      epoch: 0,
      totalEpochs: 12,
      percent: 0,
      queuedAt: new Date(job.timestamp).toISOString(),
      startedAt: null,
    });

    // Stands in for the trainer: a real BullMQ worker that creates the version, reports
    // epochs when the test says so, and finishes when told.
    const steps = [gate(), gate(), gate()];
    const reached: number[] = [];
    const report = async (j: Job<TrainJobData>, progress: TrainJobProgress, step: number) => {
      await j.updateProgress(progress);
      reached.push(step);
      await steps[step]!.wait;
    };
    let version = 0;
    worker = new Worker<TrainJobData, TrainJobResult>(
      QUEUES.train,
      async (j) => {
        version = (await seedModelVersion(gw.db, 'TRAINING')).version;
        await report(j, { epoch: 0, epochs: 12, loss: null, valRmse: null }, 0);
        await report(j, { epoch: 3, epochs: 12, loss: 0.81, valRmse: 0.97 }, 1);
        await report(j, { epoch: 12, epochs: 12, loss: 0.5, valRmse: 0.9 }, 2);
        return {
          modelVersion: version,
          metrics: testMetrics(0.9),
          activated: true,
          activationReason: 'no model is active yet',
        };
      },
      {
        connection: redisOptionsFromUrl(gw.config.redisUrl),
        prefix: gw.config.bullPrefix,
        concurrency: 1,
      },
    );

    const started = await untilFresh(training, (t) => t?.state === 'active' && t.version !== null);
    const processedOn = (await queue.getJob(job.id!))!.processedOn!;
    expect(started).toEqual({
      ...queued,
      state: 'active',
      version,
      startedAt: new Date(processedOn).toISOString(),
    });
    expect(version).toBeGreaterThan(stale.version);

    steps[0]!.open();
    const third = await untilFresh(training, (t) => t?.epoch === 3);
    // Epoch 3 of 12, and nothing of the loss figures the admin sees.
    expect(third).toEqual({ ...started, epoch: 3, totalEpochs: 12, percent: 25 });

    steps[1]!.open();
    // The last epoch is done but the model is still being evaluated and saved: not 100%.
    expect(await untilFresh(training, (t) => t?.epoch === 12)).toMatchObject({ percent: 99 });

    steps[2]!.open();
    expect(await untilFresh(training, (t) => t === null)).toBeNull();
  }, 30_000);

  it('does not name a version while the trainer has not created one for this job', async () => {
    await worker?.close();
    worker = undefined;
    const stale = await gw.db.modelVersion.findFirstOrThrow({
      where: { status: 'TRAINING' },
      orderBy: { version: 'asc' },
    });
    // Only the old leftover row is TRAINING now (the previous job's version is the newest).
    await gw.db.modelVersion.updateMany({
      where: { status: 'TRAINING', version: { not: stale.version } },
      data: { status: 'FAILED', failureReason: 'test' },
    });
    const job = await queue.add(JOBS.train, { reason: 'manual' }, JOB_OPTIONS.train);
    const finish = gate();
    worker = new Worker<TrainJobData, TrainJobResult>(
      QUEUES.train,
      async () => {
        await finish.wait;
        throw new Error('test: stopped');
      },
      {
        connection: redisOptionsFromUrl(gw.config.redisUrl),
        prefix: gw.config.bullPrefix,
        concurrency: 1,
      },
    );
    const active = await untilFresh(
      training,
      (t) => t !== null && t.jobId === job.id && t.state === 'active',
    );
    // No epochs override and no report yet: the planned epochs are not known.
    expect(active).toMatchObject({ version: null, epoch: 0, totalEpochs: null, percent: 0 });
    finish.open();
    expect(await untilFresh(training, (t) => t === null)).toBeNull();
  }, 30_000);
});
