import request from 'supertest';
import {
  type AdminTrainResponse,
  EVENTS,
  JOBS,
  JOB_OPTIONS,
  type ModelPublishedEvent,
  type ModelVersionSummary,
  QUEUES,
  type TrainJobData,
  type TrainJobProgress,
  type TrainJobResult,
  type TrainStatusResponse,
  modelPublishedEvent,
  redisOptionsFromUrl,
  trainJobData,
} from '@marquee/contracts';
import { type Job, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { until } from '@marquee/nest-common/testing';
import { openTrainQueue } from '../testing/fake-workers';
import { startTestGateway, type TestGateway } from '../testing/gateway-test-kit';
import { type SeededVersion, seedModelVersion, testMetrics } from '../testing/model-versions';
import { ADMIN_DISABLED_MESSAGE } from './admin-token.guard';

const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';
const AUTH = `Bearer ${ADMIN_TOKEN}`;

let gw: TestGateway;
/** The test's own handle on the gateway's train queue (same Redis, same prefix). */
let queue: Queue<TrainJobData>;

beforeAll(async () => {
  gw = await startTestGateway('admin', { ADMIN_TOKEN });
  queue = openTrainQueue(gw);
});

afterAll(async () => {
  await queue.close();
  await gw.close();
});

async function jobCount(): Promise<number> {
  const counts = await queue.getJobCounts();
  return Object.values(counts).reduce((sum, n) => sum + n, 0);
}

async function trainStatus(jobId: string): Promise<TrainStatusResponse> {
  const res = await request(gw.server)
    .get(`/api/admin/train/${jobId}`)
    .set('Authorization', AUTH)
    .expect(200);
  return res.body as TrainStatusResponse;
}

/** A gate a test opens to let the stand-in trainer finish its job. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

describe('the admin token', () => {
  const routes: [string, () => request.Test][] = [
    ['POST /api/admin/models/train', () => request(gw.server).post('/api/admin/models/train')],
    ['GET /api/admin/train/:jobId', () => request(gw.server).get('/api/admin/train/1')],
    [
      'POST /api/admin/models/:version/activate',
      () => request(gw.server).post(`/api/admin/models/${ready.version}/activate`),
    ],
  ];
  const badHeaders: [string, string | null][] = [
    ['no Authorization header', null],
    ['a wrong token', 'Bearer wrong-token-0123456789abcdef'],
    ['the token with a suffix', `${AUTH}x`],
    ['a prefix of the token', AUTH.slice(0, -1)],
    ['the token without the Bearer scheme', ADMIN_TOKEN],
    ['the token as Basic credentials', `Basic ${ADMIN_TOKEN}`],
  ];
  let ready: SeededVersion;

  beforeAll(async () => {
    ready = await seedModelVersion(gw.db, 'READY');
  });

  describe.each(routes)('%s', (_name, send) => {
    it.each(badHeaders)('answers 401 to %s', async (_case, header) => {
      const req = send();
      const res = await (header === null ? req : req.set('Authorization', header)).expect(401);
      expect(res.body).toMatchObject({ statusCode: 401, code: 'UNAUTHORIZED' });
      expect(res.headers['www-authenticate']).toBe('Bearer realm="marquee-admin"');
      expect(JSON.stringify(res.body)).not.toContain(ADMIN_TOKEN);
    });
  });

  it('says what is missing when there is no header', async () => {
    const res = await request(gw.server).post('/api/admin/models/train').expect(401);
    expect(res.body.message).toMatch(/Authorization: Bearer <ADMIN_TOKEN>/);
  });

  it('let nothing through: no job queued, no version activated', async () => {
    expect(await jobCount()).toBe(0);
    const row = await gw.db.modelVersion.findUniqueOrThrow({ where: { version: ready.version } });
    expect(row.status).toBe('READY');
  });
});

describe('POST /api/admin/models/train and GET /api/admin/train/:jobId', () => {
  type Behaviour = (job: Job<TrainJobData>) => Promise<TrainJobResult>;
  let behaviour: Behaviour;
  let worker: Worker<TrainJobData, TrainJobResult>;

  beforeAll(async () => {
    // Stands in for the trainer: a real BullMQ worker on the gateway's train queue and prefix
    // that reports progress and returns a result instead of training a model.
    worker = new Worker<TrainJobData, TrainJobResult>(QUEUES.train, (job) => behaviour(job), {
      connection: redisOptionsFromUrl(gw.config.redisUrl),
      prefix: gw.config.bullPrefix,
      concurrency: 1,
      autorun: false,
    });
  });

  afterAll(async () => {
    await worker.close();
  });

  const post = (body?: object) => {
    const req = request(gw.server).post('/api/admin/models/train').set('Authorization', AUTH);
    return body === undefined ? req : req.send(body);
  };

  it.each([
    [{ epochs: 0 }, 'epochs: epochs must be at least 1'],
    [{ epochs: 501 }, 'epochs: epochs must be at most 500'],
    [{ epochs: 2.5 }, 'epochs: epochs must be an integer'],
    [{ epochs: '3' }, 'epochs: epochs must be a number'],
    [{ reason: 'schedule' }, 'reason: unknown field'],
  ])('rejects the body %p with 400, queueing nothing', async (body, detail) => {
    const res = await post(body).expect(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION', details: [detail] });
    expect(await jobCount()).toBe(0);
  });

  it('rejects malformed JSON with 400, queueing nothing', async () => {
    await post()
      .set('Content-Type', 'application/json')
      .send('{"epochs":')
      .expect(400)
      .expect((res) => expect(res.body.message).toMatch(/not valid JSON/));
    expect(await jobCount()).toBe(0);
  });

  let firstJobId: string;

  it('queues a manual train job and answers 202 with its id', async () => {
    const res = await post({ epochs: 3 }).set('x-request-id', 'admin-retrain-1').expect(202);
    firstJobId = (res.body as AdminTrainResponse).jobId;
    expect(res.body).toEqual({ jobId: expect.any(String) });
    const job = await queue.getJob(firstJobId);
    expect(job?.name).toBe(JOBS.train);
    // The request id goes with the job, so the trainer's log lines name the request.
    expect(job?.data).toEqual({ reason: 'manual', epochs: 3, requestId: 'admin-retrain-1' });
    expect(trainJobData.safeParse(job?.data).success).toBe(true);
    expect(job?.opts).toMatchObject(JOB_OPTIONS.train);
    expect(await trainStatus(firstJobId)).toEqual({
      jobId: firstJobId,
      state: 'waiting',
      progress: null,
      result: null,
      failedReason: null,
    });
  });

  it('answers 409 with the pending job id while one waits (one trainer at a time)', async () => {
    const res = await post({ epochs: 9 }).expect(409);
    expect(res.body).toMatchObject({
      statusCode: 409,
      code: 'TRAIN_IN_PROGRESS',
      jobId: firstJobId,
    });
    expect(res.body.message).toMatch(/only one trainer runs at a time/);
    expect(await jobCount()).toBe(1);
  });

  it('shows the progress while the trainer runs, then the result', async () => {
    const progress: TrainJobProgress = { epoch: 1, epochs: 3, loss: 0.81, valRmse: 0.97 };
    const result: TrainJobResult = {
      modelVersion: 7,
      metrics: testMetrics(0.95),
      activated: true,
      activationReason: 'no model is active yet',
    };
    const finish = gate();
    behaviour = async (job) => {
      await job.updateProgress(progress);
      await finish.wait;
      return result;
    };
    void worker.run();

    const running = await until(
      () => trainStatus(firstJobId),
      (s) => s.progress !== null,
    );
    expect(running).toEqual({
      jobId: firstJobId,
      state: 'active',
      progress,
      result: null,
      failedReason: null,
    });
    // Still running: a second retrain is refused.
    expect((await post().expect(409)).body.jobId).toBe(firstJobId);

    finish.open();
    const done = await until(
      () => trainStatus(firstJobId),
      (s) => s.state === 'completed',
    );
    expect(done).toEqual({
      jobId: firstJobId,
      state: 'completed',
      progress,
      result,
      failedReason: null,
    });
  });

  it('adds exactly one job for concurrent requests, then reports its failure', async () => {
    const finish = gate();
    behaviour = async () => {
      await finish.wait;
      throw new Error('there are no ratings to train on');
    };
    // No body at all: the job has no epochs override.
    const answers = await Promise.all(Array.from({ length: 6 }, () => post()));
    const accepted = answers.filter((r) => r.status === 202);
    const refused = answers.filter((r) => r.status === 409);
    expect(accepted).toHaveLength(1);
    expect(refused).toHaveLength(5);
    const jobId = (accepted[0]!.body as AdminTrainResponse).jobId;
    expect(jobId).not.toBe(firstJobId);
    for (const r of refused) expect(r.body.jobId).toBe(jobId);
    expect((await queue.getJob(jobId))?.data).toEqual({
      reason: 'manual',
      requestId: expect.any(String),
    });
    expect(await jobCount()).toBe(2);

    finish.open();
    const failed = await until(
      () => trainStatus(jobId),
      (s) => s.state === 'failed',
    );
    expect(failed).toEqual({
      jobId,
      state: 'failed',
      progress: null,
      result: null,
      failedReason: 'there are no ratings to train on',
    });
  });

  it('refuses a retrain while a job the trainer queued itself waits, and takes one once it ended', async () => {
    const finish = gate();
    behaviour = async () => {
      await finish.wait;
      throw new Error('test: stopped');
    };
    // The trainer's own first training (its InitialTraining), added by another process: the
    // deduplication is BullMQ's, in Redis, so it holds across processes and job ids.
    await queue.add(JOBS.train, { reason: 'initial' }, { ...JOB_OPTIONS.train, jobId: 'initial' });
    const refused = await post().expect(409);
    expect(refused.body).toMatchObject({ code: 'TRAIN_IN_PROGRESS', jobId: 'initial' });

    finish.open();
    await until(
      () => trainStatus('initial'),
      (s) => s.state === 'failed',
    );
    const accepted = (await post().expect(202)).body as AdminTrainResponse;
    expect(accepted.jobId).not.toBe('initial');
    await until(
      () => trainStatus(accepted.jobId),
      (s) => s.state === 'failed',
    );
  });

  it('answers 404 for an unknown job and 400 for a malformed id', async () => {
    const unknown = await request(gw.server)
      .get('/api/admin/train/999999')
      .set('Authorization', AUTH)
      .expect(404);
    expect(unknown.body).toMatchObject({ code: 'TRAIN_JOB_NOT_FOUND' });
    expect(unknown.body.message).toMatch(/no train job with id 999999/);
    for (const bad of ['a%20b', 'x'.repeat(101), 'job%3A1']) {
      const res = await request(gw.server)
        .get(`/api/admin/train/${bad}`)
        .set('Authorization', AUTH)
        .expect(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION' });
      expect(res.body.details[0]).toMatch(/^jobId: /);
    }
  });
});

describe('POST /api/admin/models/:version/activate', () => {
  let subscriber: Redis;
  const events: ModelPublishedEvent[] = [];
  let first: SeededVersion;
  let second: SeededVersion;
  let training: SeededVersion;
  let failed: SeededVersion;

  beforeAll(async () => {
    first = await seedModelVersion(gw.db, 'READY', 0.9);
    second = await seedModelVersion(gw.db, 'READY', 0.85);
    training = await seedModelVersion(gw.db, 'TRAINING');
    failed = await seedModelVersion(gw.db, 'FAILED');
    // Listens like a recommender replica would, on the Redis pub/sub channel of the event.
    subscriber = new Redis(redisOptionsFromUrl(gw.config.redisUrl));
    subscriber.on('message', (_channel: string, message: string) => {
      // Nest's Redis transport sends { pattern, data }.
      const event = modelPublishedEvent.safeParse((JSON.parse(message) as { data?: unknown }).data);
      if (event.success) events.push(event.data);
    });
    await subscriber.subscribe(EVENTS.modelPublished);
  });

  afterAll(async () => {
    await subscriber.quit();
  });

  const activate = (version: number | string) =>
    request(gw.server).post(`/api/admin/models/${version}/activate`).set('Authorization', AUTH);

  async function activeVersions(): Promise<number[]> {
    const rows = await gw.db.modelVersion.findMany({ where: { status: 'ACTIVE' } });
    return rows.map((r) => r.version);
  }

  /** This version's announcements (other test files publish on the same channel too). */
  function eventsOf(seeded: SeededVersion, since = 0): ModelPublishedEvent[] {
    return events
      .slice(since)
      .filter((e) => e.version === seeded.version && e.checksum === seeded.checksum);
  }

  function announced(seeded: SeededVersion, since = 0): Promise<ModelPublishedEvent[]> {
    return until(
      async () => eventsOf(seeded, since),
      (mine) => mine.length > 0,
      3_000,
    );
  }

  it('makes a READY version the only ACTIVE one and announces it to the replicas', async () => {
    const res = await activate(first.version).expect(200);
    const body = res.body as ModelVersionSummary;
    expect(body).toMatchObject({
      version: first.version,
      status: 'ACTIVE',
      active: true,
      checksum: first.checksum,
      metrics: first.metrics,
      failureReason: null,
    });
    expect(Date.parse(body.activatedAt ?? '')).not.toBeNaN();
    expect(await activeVersions()).toEqual([first.version]);
    expect(await announced(first)).toEqual([{ version: first.version, checksum: first.checksum }]);
  });

  it('pins another READY version (and back again: rollback), one ACTIVE at a time', async () => {
    await activate(second.version).expect(200);
    expect(await activeVersions()).toEqual([second.version]);
    const demoted = await gw.db.modelVersion.findUniqueOrThrow({
      where: { version: first.version },
    });
    expect(demoted.status).toBe('READY');
    await announced(second);

    const before = events.length;
    await activate(first.version).expect(200);
    expect(await activeVersions()).toEqual([first.version]);
    expect(await announced(first, before)).toHaveLength(1);
  });

  it.each([
    ['TRAINING', () => training, /is TRAINING; only a READY version can be activated/],
    ['FAILED', () => failed, /is FAILED; only a READY version can be activated/],
  ])('answers 409 MODEL_NOT_READY for a %s version', async (_status, seeded, message) => {
    const res = await activate(seeded().version).expect(409);
    expect(res.body).toMatchObject({ statusCode: 409, code: 'MODEL_NOT_READY' });
    expect(res.body.message).toMatch(message);
    expect(await activeVersions()).toEqual([first.version]);
  });

  it('answers 404 for an unknown version and 400 for a malformed one', async () => {
    const missing = await activate(999_999).expect(404);
    expect(missing.body).toMatchObject({ code: 'MODEL_NOT_FOUND' });
    expect(missing.body.message).toMatch(/Model version 999999 does not exist/);
    for (const [bad, detail] of [
      ['abc', 'version: version must be a number'],
      ['0', 'version: version must be positive'],
      ['1.5', 'version: version must be an integer'],
    ]) {
      const res = await activate(bad!).expect(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION', details: [detail] });
    }
    expect(await activeVersions()).toEqual([first.version]);
  });
});

describe('the admin API without ADMIN_TOKEN', () => {
  let off: TestGateway;
  beforeAll(async () => {
    off = await startTestGateway('admin_off');
  });
  afterAll(async () => {
    await off.close();
  });

  it('answers 503 on every admin route, whatever the header, and leaves /api/models open', async () => {
    const sends = [
      () => request(off.server).post('/api/admin/models/train').send({}),
      () => request(off.server).get('/api/admin/train/1'),
      () => request(off.server).post('/api/admin/models/1/activate'),
    ];
    for (const send of sends) {
      for (const header of [null, AUTH]) {
        const req = send();
        const res = await (header === null ? req : req.set('Authorization', header)).expect(503);
        expect(res.body).toEqual({
          statusCode: 503,
          error: 'Service Unavailable',
          code: 'ADMIN_DISABLED',
          message: ADMIN_DISABLED_MESSAGE,
        });
      }
    }
    await request(off.server).get('/api/models').expect(200, { versions: [] });
  });
});
