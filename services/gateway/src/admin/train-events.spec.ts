import request from 'supertest';
import {
  ADMIN_SESSION_COOKIE,
  type AdminTrainResponse,
  QUEUES,
  type TrainEvent,
  type TrainJobData,
  type TrainJobProgress,
  type TrainJobResult,
  redisOptionsFromUrl,
} from '@marquee/contracts';
import { type Job, type QueueEvents, Worker } from 'bullmq';
import { openSse, type SseConnection } from '../testing/sse-client';
import { startTestGateway, type TestGateway } from '../testing/gateway-test-kit';
import { testMetrics } from '../testing/model-versions';
import { ADMIN_SESSION_TTL_MS, signAdminSession, verifyAdminSession } from './admin-session';
import { TrainEventsHub } from './train-events.hub';
import { TRAIN_QUEUE_EVENTS } from './train-queue';

const ADMIN_TOKEN = 'test-admin-token-events-0123456789';
const AUTH = `Bearer ${ADMIN_TOKEN}`;
const EVENTS_PATH = '/api/admin/train/events';
const HEARTBEAT_MS = 150;

let gw: TestGateway;
let hub: TrainEventsHub;
/** A session cookie pair `name=value` as a browser would send it back. */
let sessionCookie: string;

beforeAll(async () => {
  gw = await startTestGateway('train_events', {
    ADMIN_TOKEN,
    ADMIN_EVENTS_HEARTBEAT_MS: String(HEARTBEAT_MS),
  });
  hub = gw.app.get(TrainEventsHub);
  // The shared listener reads the event stream from "now": let it start before any job.
  await gw.app.get<QueueEvents>(TRAIN_QUEUE_EVENTS).waitUntilReady();
});

afterAll(async () => {
  await gw?.close();
});

/** A gate a test opens to let the stand-in trainer go on. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

async function until(done: () => boolean, timeoutMs = 5_000): Promise<void> {
  const giveUpAt = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > giveUpAt) throw new Error(`condition not met in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const eventsOf = (messages: unknown[]) => messages as TrainEvent[];

describe('admin sessions (signed cookie)', () => {
  it('verifies only an unexpired session signed with the same token', () => {
    const now = Date.now();
    const value = signAdminSession(ADMIN_TOKEN, now + 1_000);
    expect(verifyAdminSession(value, ADMIN_TOKEN, now)).toBe(true);
    expect(verifyAdminSession(value, ADMIN_TOKEN, now + 1_000)).toBe(false);
    expect(verifyAdminSession(value, 'another-admin-token-0123456789', now)).toBe(false);
    // A later expiry with the old signature: the MAC covers the expiry.
    const [, signature] = value.split('.');
    expect(verifyAdminSession(`${now + 99_999_999}.${signature}`, ADMIN_TOKEN, now)).toBe(false);
    for (const bad of ['', 'x', `${now + 1_000}`, `${now + 1_000}.`, `${value}x`, `x${value}`]) {
      expect(verifyAdminSession(bad, ADMIN_TOKEN, now)).toBe(false);
    }
  });

  it('POST /api/admin/session trades the bearer token for an httpOnly, strict cookie', async () => {
    const res = await request(gw.server)
      .post('/api/admin/session')
      .set('Authorization', AUTH)
      .expect(204);
    const setCookie = res.headers['set-cookie'] as unknown as string[];
    expect(setCookie).toHaveLength(1);
    const cookie = setCookie[0]!;
    expect(cookie).toMatch(new RegExp(`^${ADMIN_SESSION_COOKIE}=\\d{13}\\.[\\w-]{43};`));
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Path=\/api\/admin/);
    expect(cookie).toContain(`Max-Age=${ADMIN_SESSION_TTL_MS / 1000}`);
    expect(cookie).not.toContain(ADMIN_TOKEN);
    sessionCookie = cookie.split(';')[0]!;
  });

  it('answers 401 and sets no cookie for a wrong or missing token', async () => {
    for (const header of [null, 'Bearer wrong-token-0123456789abcdef']) {
      const req = request(gw.server).post('/api/admin/session');
      const res = await (header === null ? req : req.set('Authorization', header)).expect(401);
      expect(res.body).toMatchObject({ code: 'UNAUTHORIZED' });
      expect(res.headers['set-cookie']).toBeUndefined();
    }
  });

  it('DELETE /api/admin/session clears the cookie', async () => {
    const res = await request(gw.server).delete('/api/admin/session').expect(204);
    const [cookie] = res.headers['set-cookie'] as unknown as string[];
    expect(cookie).toMatch(new RegExp(`^${ADMIN_SESSION_COOKIE}=;.*Expires=Thu, 01 Jan 1970`));
  });
});

describe(`GET ${EVENTS_PATH}: who may open it`, () => {
  const expired = () => `${ADMIN_SESSION_COOKIE}=${signAdminSession(ADMIN_TOKEN, Date.now() - 1)}`;
  const forged = () =>
    `${ADMIN_SESSION_COOKIE}=${signAdminSession('not-the-admin-token-0123', Date.now() + 60_000)}`;
  it.each<[string, () => Record<string, string>, RegExp]>([
    ['nothing', () => ({}), /admin session cookie/],
    ['an expired session', () => ({ Cookie: expired() }), /expired or is not valid/],
    ['a session signed with another token', () => ({ Cookie: forged() }), /not valid/],
    ['a malformed session', () => ({ Cookie: `${ADMIN_SESSION_COOKIE}=1.2` }), /not valid/],
    [
      'a wrong bearer token',
      () => ({ Authorization: 'Bearer nope-0123456789abcdef' }),
      /not valid/,
    ],
    [
      // A wrong header is not rescued by a good cookie: the header is what the caller meant.
      'a wrong bearer token with a good cookie',
      () => ({ Authorization: 'Bearer nope-0123456789abcdef', Cookie: sessionCookie }),
      /not valid/,
    ],
  ])('answers 401 JSON to %s', async (_case, headers, message) => {
    const res = await request(gw.server).get(EVENTS_PATH).set(headers()).expect(401);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body).toMatchObject({ statusCode: 401, code: 'UNAUTHORIZED' });
    expect(res.body.message).toMatch(message);
    expect(hub.subscriberCount).toBe(0);
  });

  it('opens with the session cookie or the bearer token, as an event stream', async () => {
    const ways: Record<string, string>[] = [{ Cookie: sessionCookie }, { Authorization: AUTH }];
    for (const headers of ways) {
      const sse = await openSse(gw.server, EVENTS_PATH, headers);
      expect(sse.response.statusCode).toBe(200);
      expect(sse.response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
      expect(sse.response.headers['cache-control']).toBe('no-cache, no-transform');
      const [first] = eventsOf(await sse.until((m) => m.length >= 1));
      expect(first).toEqual({ type: 'snapshot', job: null, history: [] });
      sse.close();
      await sse.ended;
    }
    await until(() => hub.subscriberCount === 0);
  });
});

describe(`GET ${EVENTS_PATH}: a retrain, live`, () => {
  let worker: Worker<TrainJobData, TrainJobResult>;
  let behaviour: (job: Job<TrainJobData>) => Promise<TrainJobResult>;

  beforeAll(() => {
    // Stands in for the trainer: a real BullMQ worker on the gateway's train queue and prefix.
    worker = new Worker<TrainJobData, TrainJobResult>(QUEUES.train, (job) => behaviour(job), {
      connection: redisOptionsFromUrl(gw.config.redisUrl),
      prefix: gw.config.bullPrefix,
      concurrency: 1,
    });
  });

  afterAll(async () => {
    await worker.close();
  });

  const epochs: TrainJobProgress[] = [1, 2, 3].map((epoch) => ({
    epoch,
    epochs: 3,
    loss: 1 / epoch,
    valRmse: 1 + 1 / epoch,
  }));
  const result: TrainJobResult = {
    modelVersion: 4,
    metrics: testMetrics(1.33),
    activated: true,
    activationReason: 'no model is active yet',
  };

  it('pushes queued, active, every epoch and the result, to every open stream', async () => {
    const streams = await Promise.all(
      [0, 1, 2].map(() => openSse(gw.server, EVENTS_PATH, { Cookie: sessionCookie })),
    );
    await Promise.all(streams.map((s) => s.until((m) => m.length >= 1)));
    const afterEpoch2 = gate();
    const finish = gate();
    behaviour = async (job) => {
      await job.updateProgress({ epoch: 0, epochs: 3, loss: null, valRmse: null });
      await job.updateProgress(epochs[0]!);
      await job.updateProgress(epochs[1]!);
      afterEpoch2.open();
      await finish.wait;
      await job.updateProgress(epochs[2]!);
      return result;
    };
    const { jobId } = (
      await request(gw.server).post('/api/admin/models/train').set('Authorization', AUTH).send({})
    ).body as AdminTrainResponse;

    await afterEpoch2.wait;
    // A page opened mid-training gets the job and the curve so far in its snapshot.
    const late = await openSse(gw.server, EVENTS_PATH, { Cookie: sessionCookie });
    const [snapshot] = eventsOf(await late.until((m) => m.length >= 1));
    expect(snapshot).toMatchObject({
      type: 'snapshot',
      job: { jobId, state: 'active' },
      history: [epochs[0], epochs[1]],
    });
    finish.open();

    const isDone = (m: unknown[]) => eventsOf(m).some((e) => e.type === 'completed');
    for (const sse of streams) {
      const events = eventsOf(await sse.until(isDone));
      expect(events).toEqual([
        { type: 'snapshot', job: null, history: [] },
        { type: 'queued', jobId },
        { type: 'active', jobId },
        {
          type: 'progress',
          jobId,
          progress: { epoch: 0, epochs: 3, loss: null, valRmse: null },
        },
        ...epochs.map((progress) => ({ type: 'progress', jobId, progress })),
        { type: 'completed', jobId, result },
      ]);
    }
    const lateEvents = eventsOf(await late.until(isDone));
    expect(lateEvents.slice(-2)).toEqual([
      { type: 'progress', jobId, progress: epochs[2] },
      { type: 'completed', jobId, result },
    ]);
    for (const sse of [...streams, late]) sse.close();
    await until(() => hub.subscriberCount === 0);
  });

  it('pushes a failure with its reason', async () => {
    const sse = await openSse(gw.server, EVENTS_PATH, { Authorization: AUTH });
    await sse.until((m) => m.length >= 1);
    behaviour = async () => {
      throw new Error('there are no ratings to train on');
    };
    const { jobId } = (
      await request(gw.server).post('/api/admin/models/train').set('Authorization', AUTH).send({})
    ).body as AdminTrainResponse;
    const events = eventsOf(await sse.until((m) => eventsOf(m).some((e) => e.type === 'failed')));
    expect(events.at(-1)).toEqual({
      type: 'failed',
      jobId,
      failedReason: 'there are no ratings to train on',
    });
    sse.close();
    await until(() => hub.subscriberCount === 0);
  });
});

describe(`GET ${EVENTS_PATH}: connections`, () => {
  it('sends heartbeat comments while nothing happens', async () => {
    const sse = await openSse(gw.server, EVENTS_PATH, { Authorization: AUTH });
    const started = Date.now();
    expect(await sse.nextComment(HEARTBEAT_MS * 10)).toBe('heartbeat');
    expect(await sse.nextComment(HEARTBEAT_MS * 10)).toBe('heartbeat');
    expect(Date.now() - started).toBeGreaterThanOrEqual(HEARTBEAT_MS * 1.5);
    sse.close();
    await until(() => hub.subscriberCount === 0);
  });

  it('shares ONE QueueEvents listener and leaks nothing when many clients come and go', async () => {
    const queueEvents = gw.app.get<QueueEvents>(TRAIN_QUEUE_EVENTS);
    const kinds = ['added', 'active', 'progress', 'completed', 'failed'] as const;
    const listeners = () => kinds.map((k) => queueEvents.listenerCount(k));
    expect(listeners()).toEqual([1, 1, 1, 1, 1]);

    for (let round = 0; round < 3; round++) {
      const streams: SseConnection[] = await Promise.all(
        Array.from({ length: 25 }, () => openSse(gw.server, EVENTS_PATH, { Authorization: AUTH })),
      );
      await Promise.all(streams.map((s) => s.until((m) => m.length >= 1)));
      expect(hub.subscriberCount).toBe(25);
      expect(listeners()).toEqual([1, 1, 1, 1, 1]);
      for (const s of streams) s.close();
      await until(() => hub.subscriberCount === 0);
    }
    // Closed streams also stop their heartbeat timers: nothing more is written to them.
    await new Promise((r) => setTimeout(r, HEARTBEAT_MS * 2));
    expect(hub.subscriberCount).toBe(0);
  });

  it('ends open streams when the gateway shuts down, so shutdown does not hang', async () => {
    const own = await startTestGateway('train_events_shutdown', { ADMIN_TOKEN });
    const sse = await openSse(own.server, EVENTS_PATH, { Authorization: AUTH });
    await sse.until((m) => m.length >= 1);
    const started = Date.now();
    await own.close();
    await sse.ended;
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe(`GET ${EVENTS_PATH} without ADMIN_TOKEN`, () => {
  it('answers 503, and so does POST /api/admin/session', async () => {
    const off = await startTestGateway('train_events_off');
    try {
      for (const send of [
        () => request(off.server).get(EVENTS_PATH).set('Authorization', AUTH),
        () =>
          request(off.server)
            .get(EVENTS_PATH)
            .set('Cookie', `${ADMIN_SESSION_COOKIE}=${signAdminSession('x', Date.now() + 9e5)}`),
        () => request(off.server).post('/api/admin/session').set('Authorization', AUTH),
      ]) {
        const res = await send().expect(503);
        expect(res.body).toMatchObject({ code: 'ADMIN_DISABLED' });
      }
    } finally {
      await off.close();
    }
  });
});
