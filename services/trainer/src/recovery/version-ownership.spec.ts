import { randomBytes } from 'node:crypto';
import { type Job, Worker } from 'bullmq';
import { JOBS, QUEUES } from '@marquee/contracts';
import { INTERRUPTED_REASON } from '@marquee/contracts';
import { ModelRegistry } from '@marquee/db';
import { createTestDatabase, type TestDatabase } from '@marquee/db/testing';
import { bullConnection } from '@marquee/nest-common';
import { openTestQueue, type TestQueue } from '@marquee/nest-common/testing';
import { trainerConfigSchema } from '../config/trainer-config';
import { TrainJobStates } from './train-job-states';
import { VersionOwnership } from './version-ownership.service';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const CONFIG = { embedDim: 4 };
const STOPPED = `${INTERRUPTED_REASON}: its trainer stopped before finishing it`;

/** A gate the test opens to let a job finish. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

describe('VersionOwnership (real Postgres and Redis, a stand-in for another trainer)', () => {
  const prefix = `test-ownership-${randomBytes(4).toString('hex')}`;
  let t: TestDatabase;
  let registry: ModelRegistry;
  let jobs: TrainJobStates;
  let ownership: VersionOwnership;
  let test: TestQueue;
  let otherTrainer: Worker;

  beforeAll(async () => {
    t = await createTestDatabase('ownership');
    registry = new ModelRegistry(t.db);
    const config = trainerConfigSchema.parse({
      DATABASE_URL: t.url,
      REDIS_URL,
      BULL_PREFIX: prefix,
    });
    jobs = new TrainJobStates(config);
    ownership = new VersionOwnership(registry, jobs);
    test = await openTestQueue({ redisUrl: REDIS_URL, name: QUEUES.train, prefix });
  });

  afterAll(async () => {
    await otherTrainer?.close(true);
    await jobs?.onApplicationShutdown();
    await test?.close();
    await t?.drop();
  });

  async function status(version: number) {
    const row = await registry.get(version);
    return { status: row?.status, failureReason: row?.failureReason };
  }

  it('interrupts the versions whose train job no trainer holds, and only those', async () => {
    // Another trainer's worker: it completes one job, fails one, and holds a third.
    const holding = gate();
    otherTrainer = new Worker(
      QUEUES.train,
      async (job: Job) => {
        if (job.id === 'failed-job') throw new Error('test: broke');
        if (job.id === 'held-job') await holding.wait;
        return null;
      },
      { connection: bullConnection(REDIS_URL), prefix, concurrency: 1 },
    );
    const add = (jobId: string) => test.queue.add(JOBS.train, { reason: 'manual' }, { jobId });
    await (await add('completed-job')).waitUntilFinished(test.events, 10_000);
    await expect((await add('failed-job')).waitUntilFinished(test.events, 10_000)).rejects.toThrow(
      /broke/,
    );
    await add('held-job');
    await add('waiting-job');
    const heldUntil = Date.now() + 10_000;
    while ((await test.queue.getJobState('held-job')) !== 'active') {
      if (Date.now() > heldUntil) throw new Error('the other trainer did not take its job');
      await new Promise((r) => setTimeout(r, 25));
    }

    const held = await registry.createTraining(CONFIG, 'held-job');
    const legacy = await registry.createTraining(CONFIG);
    const completed = await registry.createTraining(CONFIG, 'completed-job');
    const failed = await registry.createTraining(CONFIG, 'failed-job');
    const waiting = await registry.createTraining(CONFIG, 'waiting-job');
    const gone = await registry.createTraining(CONFIG, 'removed-job');

    expect(await ownership.sweep()).toEqual([legacy, completed, failed, waiting, gone]);
    // The other trainer still holds its job's lock: its version is left to it.
    expect(await status(held)).toEqual({ status: 'TRAINING', failureReason: null });
    expect(await status(legacy)).toEqual({ status: 'FAILED', failureReason: STOPPED });
    expect(await status(completed)).toEqual({
      status: 'FAILED',
      failureReason: `${STOPPED}; train job completed-job completed with another version`,
    });
    expect((await status(failed)).failureReason).toBe(`${STOPPED}; train job failed-job failed`);
    expect((await status(waiting)).failureReason).toBe(
      `${STOPPED}; train job waiting-job is being retried`,
    );
    expect((await status(gone)).failureReason).toBe(
      `${STOPPED}; train job removed-job is no longer queued`,
    );
    // A second sweep finds nothing more to do.
    expect(await ownership.sweep()).toEqual([]);

    holding.open();
    await otherTrainer.close();
  });

  it('never interrupts a version this trainer is training, even when its job is gone', async () => {
    const mine = await ownership.create('job-lost-with-redis', CONFIG);
    expect(await registry.get(mine)).toMatchObject({
      status: 'TRAINING',
      trainJobId: 'job-lost-with-redis',
    });
    expect(await ownership.sweep()).not.toContain(mine);
    expect((await registry.get(mine))?.status).toBe('TRAINING');

    ownership.release(mine);
    expect(await ownership.sweep()).toEqual([mine]);
  });

  it("interrupts the version of a job's earlier attempt when a trainer takes the job again", async () => {
    const first = await registry.createTraining(CONFIG, 'retried-job');
    const other = await registry.createTraining(CONFIG, 'another-job');
    const second = await ownership.create('retried-job', CONFIG);

    expect(await status(first)).toEqual({
      status: 'FAILED',
      failureReason: `${STOPPED}; train job retried-job is being retried`,
    });
    expect(await registry.listTraining()).toEqual([
      { version: other, trainJobId: 'another-job' },
      { version: second, trainJobId: 'retried-job' },
    ]);
    ownership.release(second);
  });

  it('calls a job failed while it waits for a worker to fail it for stalling too often', async () => {
    // A queue of its own: BullMQ runs one stalled check a queue per stalledInterval, and the
    // other trainer above left its 30 s one.
    const own = `${prefix}-stalled`;
    const queue = await openTestQueue({ redisUrl: REDIS_URL, name: QUEUES.train, prefix: own });
    const states = new TrainJobStates(
      trainerConfigSchema.parse({ DATABASE_URL: t.url, REDIS_URL, BULL_PREFIX: own }),
    );
    const sweeper = new VersionOwnership(registry, states);
    // A trainer that took the job and died: its lock lapses and is never renewed.
    const dead = new Worker(QUEUES.train, null, {
      connection: bullConnection(REDIS_URL),
      prefix: own,
      autorun: false,
      lockDuration: 300,
    });
    // A trainer that only checks for stalled jobs, allowing none, and takes no job.
    const checker = new Worker(QUEUES.train, null, {
      connection: bullConnection(REDIS_URL),
      prefix: own,
      autorun: false,
      maxStalledCount: 0,
      stalledInterval: 200,
    });
    try {
      await queue.queue.add(JOBS.train, { reason: 'manual' }, { jobId: 'stalled-job' });
      expect((await dead.getNextJob('dead-trainer'))?.id).toBe('stalled-job');
      const version = await registry.createTraining(CONFIG, 'stalled-job');
      await checker.startStalledCheckTimer();
      const until = Date.now() + 10_000;
      while ((await queue.queue.getJobState('stalled-job')) === 'active') {
        if (Date.now() > until) throw new Error('the stalled check did not move the job');
        await new Promise((r) => setTimeout(r, 25));
      }
      expect(await queue.queue.getJobState('stalled-job')).toBe('waiting');

      expect(await sweeper.sweep()).toContain(version);
      expect((await status(version)).failureReason).toBe(
        `${STOPPED}; train job stalled-job failed`,
      );
    } finally {
      await checker.close(true);
      await dead.close(true);
      await states.onApplicationShutdown();
      await queue.close();
    }
  });
});
