import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import { Deadline } from '../deadlines/deadline';
import { RedisReadiness } from './redis-readiness';

/** An ioredis client as RedisReadiness sees it: a status and 'ready' events. */
function fakeClient(status: string) {
  const client = Object.assign(new EventEmitter(), { status });
  return { client, readiness: new RedisReadiness(client as unknown as Redis) };
}

describe('RedisReadiness', () => {
  it('answers at once while the client is ready', async () => {
    const { readiness } = fakeClient('ready');
    await expect(readiness.waitUntilReady(Deadline.after(1_000))).resolves.toBe(true);
  });

  it('lets every waiter go when the client is ready again, on one listener', async () => {
    const { client, readiness } = fakeClient('reconnecting');
    const listeners = client.listenerCount('ready');
    const waits = Array.from({ length: 50 }, () => readiness.waitUntilReady(Deadline.after(5_000)));
    expect(client.listenerCount('ready')).toBe(listeners);
    client.status = 'ready';
    client.emit('ready');
    await expect(Promise.all(waits)).resolves.toEqual(waits.map(() => true));
  });

  it('says false at the deadline when the client is still away', async () => {
    const { readiness } = fakeClient('reconnecting');
    const started = Date.now();
    await expect(readiness.waitUntilReady(Deadline.after(100))).resolves.toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(95);
  });
});
