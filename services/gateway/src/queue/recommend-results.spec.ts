import { EventEmitter } from 'node:events';
import type { QueueEvents } from 'bullmq';
import { RecommendResults, ResultWaitError } from './recommend-results';

/** The events RecommendResults listens to, emitted by hand (QueueEvents is an EventEmitter). */
function setUp() {
  const events = new EventEmitter();
  return { events, results: new RecommendResults(events as unknown as QueueEvents) };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('RecommendResults', () => {
  it('settles each wait from the shared completed and failed events', async () => {
    const { events, results } = setUp();
    const a = results.expect('a', 5_000);
    const b = results.expect('b', 5_000);
    events.emit('completed', { jobId: 'b', returnvalue: { modelVersion: 2 } });
    events.emit('failed', { jobId: 'a', failedReason: 'scorer broke' });
    await expect(b.result).resolves.toEqual({ modelVersion: 2 });
    await expect(a.result).rejects.toMatchObject({ kind: 'failed', message: 'scorer broke' });
    expect(results.waiting).toBe(0);
    expect(events.listenerCount('completed')).toBe(1);
  });

  it('fails a wait at its deadline and forgets it', async () => {
    const { results } = setUp();
    const started = Date.now();
    await expect(results.expect('slow', 50).result).rejects.toMatchObject({ kind: 'timeout' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(results.waiting).toBe(0);
  });

  it('fails every wait when the connection drops, even one nobody awaits yet', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const { events, results } = setUp();
      const pending = results.expect('x', 5_000);
      events.emit('ioredis:close'); // while the caller is still adding the job
      await flush();
      await flush();
      expect(unhandled).toEqual([]);
      const error = await pending.result.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ResultWaitError);
      expect(error).toMatchObject({ kind: 'disconnected' });
      expect(results.waiting).toBe(0);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
