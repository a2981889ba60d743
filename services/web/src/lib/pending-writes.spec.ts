import type { Movie } from '@marquee/contracts';
import { ApiClientError, NETWORK_ERROR_STATUS } from './api-client';
import {
  type ConnectivityTarget,
  createMutex,
  memoryStore,
  type PendingWrite,
  PendingWrites,
  retryDelayMs,
  type WriteOutcome,
  type WriteResponse,
  type WriteStore,
} from './pending-writes';
import { classifyWriteError } from './send-write';

const movie = (id: number): Movie => ({
  id,
  title: `Film ${id}`,
  year: 2000,
  genres: ['Drama'],
  posterUrl: null,
});
const rate = (id: number, rating: number): PendingWrite => ({
  kind: 'rate',
  movie: movie(id),
  rating,
});

/** What the fake gateway does with the next requests. */
type Mode = 'up' | 'unavailable' | 'offline' | 'refuses';

/** A gateway that records every request and answers as its mode says. */
class FakeGateway {
  mode: Mode = 'up';
  readonly requests: string[] = [];
  readonly stored = new Map<number, number>();
  /** Requests that reached an answering gateway (2xx). */
  readonly landed: string[] = [];

  readonly send = async (write: PendingWrite): Promise<WriteResponse> => {
    const label =
      write.kind === 'rate'
        ? `rate ${write.movie.id}=${write.rating}`
        : `${write.kind} ${write.movie.id}`;
    this.requests.push(label);
    await Promise.resolve();
    if (this.mode === 'offline') throw new ApiClientError(NETWORK_ERROR_STATUS, 'Could not reach');
    if (this.mode === 'unavailable') {
      throw new ApiClientError(503, 'The database is not answering', 'Service Unavailable');
    }
    if (this.mode === 'refuses') {
      throw new ApiClientError(400, 'rating must be a multiple of 0.5', 'Bad Request');
    }
    this.landed.push(label);
    if (write.kind === 'rate') this.stored.set(write.movie.id, write.rating);
    if (write.kind === 'unrate') this.stored.delete(write.movie.id);
    return write.kind === 'skip' ? { replacement: movie(write.movie.id + 1000) } : null;
  };
}

/** A window whose online and offline events the test fires. */
class FakeWindow implements ConnectivityTarget {
  readonly navigator = { onLine: true };
  private readonly handlers = new Map<string, Set<() => void>>();
  addEventListener(type: string, listener: () => void): void {
    if (!this.handlers.has(type)) this.handlers.set(type, new Set());
    this.handlers.get(type)?.add(listener);
  }
  removeEventListener(type: string, listener: () => void): void {
    this.handlers.get(type)?.delete(listener);
  }
  fire(type: 'online' | 'offline'): void {
    this.navigator.onLine = type === 'online';
    for (const listener of this.handlers.get(type) ?? []) listener();
  }
}

/** Lets the queue's promise chains run, moving the clock by `ms`. */
async function advance(ms = 0): Promise<void> {
  await jest.advanceTimersByTimeAsync(ms);
}

let gateway: FakeGateway;
let store: WriteStore;
let win: FakeWindow;
let ids: number;

function makeQueue(): PendingWrites {
  return new PendingWrites({
    send: gateway.send,
    classify: classifyWriteError,
    store,
    random: () => 0.5, // no jitter
    newId: () => `w${++ids}`,
  });
}

beforeEach(() => {
  jest.useFakeTimers({ now: Date.parse('2025-01-01T12:00:00Z') });
  gateway = new FakeGateway();
  store = memoryStore();
  win = new FakeWindow();
  ids = 0;
});

afterEach(() => {
  jest.useRealTimers();
});

describe('PendingWrites', () => {
  it('sends writes one at a time, in order, once', async () => {
    const queue = makeQueue();
    queue.start(win);
    queue.enqueue(rate(1, 4));
    queue.enqueue(rate(2, 3));
    queue.enqueue({ kind: 'skip', movie: movie(3) });
    await advance();
    expect(gateway.requests).toEqual(['rate 1=4', 'rate 2=3', 'skip 3']);
    expect(queue.getSnapshot().entries).toEqual([]);
    await advance(120_000);
    expect(gateway.requests).toHaveLength(3);
  });

  it('keeps writes through an outage and sends them once, in order, when it ends', async () => {
    const queue = makeQueue();
    queue.start(win);
    gateway.mode = 'unavailable';
    queue.enqueue(rate(1, 4));
    await advance();
    queue.enqueue(rate(2, 3));
    await advance();
    expect(gateway.requests).toEqual(['rate 1=4']); // the second waits behind the first
    const snapshot = queue.getSnapshot();
    expect(snapshot.entries.map((e) => [e.write.movie.id, e.state, e.attempts])).toEqual([
      [1, 'waiting', 1],
      [2, 'queued', 0],
    ]);
    expect(snapshot.entries[0]?.error).toBe('The database is not answering');
    expect(snapshot.retryAt).toBe(Date.now() + 1_000);

    await advance(1_000); // second try, still down: the next waits twice as long
    expect(gateway.requests).toEqual(['rate 1=4', 'rate 1=4']);
    expect(queue.getSnapshot().retryAt).toBe(Date.now() + 2_000);

    gateway.mode = 'up';
    await advance(2_000);
    expect(gateway.landed).toEqual(['rate 1=4', 'rate 2=3']);
    expect(queue.getSnapshot()).toMatchObject({ entries: [], retryAt: null });
    await advance(120_000);
    expect(gateway.landed).toHaveLength(2);
  });

  it('lets a later change of the same movie replace one still waiting, and keeps the order of changes', async () => {
    const queue = makeQueue();
    queue.start(win);
    gateway.mode = 'offline';
    const outcomes: WriteOutcome['kind'][] = [];
    queue.enqueue(rate(1, 2), (o) => outcomes.push(o.kind));
    await advance();
    queue.enqueue(rate(2, 4));
    queue.enqueue(rate(1, 5));
    queue.enqueue({ kind: 'unrate', movie: movie(2) });
    expect(outcomes).toEqual(['deferred', 'superseded']);
    expect(queue.getSnapshot().entries.map((e) => e.write)).toEqual([
      rate(1, 5),
      { kind: 'unrate', movie: movie(2) },
    ]);

    gateway.mode = 'up';
    queue.retryNow();
    await advance();
    expect(gateway.landed).toEqual(['rate 1=5', 'unrate 2']);
    expect([...gateway.stored]).toEqual([[1, 5]]);
  });

  it('sends a change made while the same movie is on its way after it, and drops the older if it fails', async () => {
    let fail: (err: Error) => void = () => undefined;
    const send = jest
      .fn<Promise<WriteResponse>, [PendingWrite]>()
      .mockImplementationOnce(() => new Promise((_resolve, reject) => (fail = reject)))
      .mockImplementation(gateway.send);
    const queue = new PendingWrites({ send, classify: classifyWriteError, random: () => 0.5 });
    queue.enqueue(rate(1, 2));
    await advance(); // on its way
    queue.enqueue(rate(1, 3)); // cannot replace a request already sent
    expect(queue.getSnapshot().entries.map((e) => e.state)).toEqual(['sending', 'queued']);
    fail(new ApiClientError(503, 'The database is not answering'));
    await advance();
    // The first failed: the newer value is sent rather than the older one retried.
    expect(send.mock.calls.map(([write]) => write)).toEqual([rate(1, 2), rate(1, 3)]);
    expect(gateway.landed).toEqual(['rate 1=3']);
    expect(queue.getSnapshot().entries).toEqual([]);
    await advance(30_000);
    expect(send).toHaveBeenCalledTimes(2);
  });

  it('does not retry a write the gateway refused, and keeps it with the message', async () => {
    const queue = makeQueue();
    queue.start(win);
    gateway.mode = 'refuses';
    const outcomes: WriteOutcome[] = [];
    queue.enqueue(rate(1, 4), (o) => outcomes.push(o));
    queue.enqueue(rate(2, 4));
    await advance();
    expect(outcomes).toEqual([{ kind: 'failed', message: 'rating must be a multiple of 0.5' }]);
    await advance(300_000);
    expect(gateway.requests).toEqual(['rate 1=4', 'rate 2=4']);
    const [first] = queue.getSnapshot().entries;
    expect(first).toMatchObject({ state: 'failed', error: 'rating must be a multiple of 0.5' });
    expect(queue.getSnapshot().retryAt).toBeNull();

    // The user's own retry sends it again; a dismissal drops it.
    gateway.mode = 'up';
    queue.retry(first!.id);
    await advance();
    expect(gateway.landed).toEqual(['rate 1=4']);
    const [second] = queue.getSnapshot().entries;
    queue.dismiss(second!.id);
    expect(queue.getSnapshot().entries).toEqual([]);
  });

  it('does not hold later writes behind a refused one', async () => {
    const send = jest
      .fn<Promise<WriteResponse>, [PendingWrite]>()
      .mockRejectedValueOnce(new ApiClientError(404, 'There is no film with id 1'))
      .mockImplementation(gateway.send);
    const queue = new PendingWrites({ send, classify: classifyWriteError });
    queue.enqueue(rate(1, 4));
    queue.enqueue(rate(2, 4));
    await advance();
    expect(gateway.landed).toEqual(['rate 2=4']);
    expect(queue.getSnapshot().entries.map((e) => e.state)).toEqual(['failed']);
  });

  it('retries at once when the browser comes back online', async () => {
    const queue = makeQueue();
    queue.start(win);
    gateway.mode = 'offline';
    win.fire('offline');
    queue.enqueue(rate(1, 4));
    await advance(32_000); // tries after 1, 2, 4, 8 and 16 s; the next is 30 s later
    expect(gateway.requests).toHaveLength(6);
    expect(queue.getSnapshot()).toMatchObject({ online: false });
    const retryAt = queue.getSnapshot().retryAt!;
    expect(retryAt - Date.now()).toBeGreaterThan(10_000);

    gateway.mode = 'up';
    win.fire('online');
    await advance();
    expect(gateway.landed).toEqual(['rate 1=4']);
    expect(queue.getSnapshot()).toMatchObject({ entries: [], retryAt: null, online: true });
  });

  it("waits at least the server's Retry-After", async () => {
    const send = jest
      .fn<Promise<WriteResponse>, [PendingWrite]>()
      .mockRejectedValueOnce(
        new ApiClientError(429, 'Too many requests', '', [], 'RATE_LIMITED', 7_000),
      )
      .mockResolvedValue(null);
    const queue = new PendingWrites({ send, classify: classifyWriteError, random: () => 0.5 });
    queue.enqueue(rate(1, 4));
    await advance();
    expect(queue.getSnapshot().retryAt).toBe(Date.now() + 7_000);
    await advance(6_999);
    expect(send).toHaveBeenCalledTimes(1);
    await advance(1);
    expect(send).toHaveBeenCalledTimes(2);
    expect(queue.getSnapshot().entries).toEqual([]);
  });

  it('tells a write queued behind an outage at once that it is deferred', async () => {
    const queue = makeQueue();
    queue.start(win);
    gateway.mode = 'unavailable';
    const first: string[] = [];
    const second: string[] = [];
    queue.enqueue(rate(1, 4), (o) => first.push(o.kind));
    queue.enqueue({ kind: 'skip', movie: movie(2) }, (o) => second.push(o.kind));
    await advance();
    expect([first, second]).toEqual([['deferred'], ['deferred']]);
    const third: string[] = [];
    queue.enqueue(rate(3, 1), (o) => third.push(o.kind));
    expect(third).toEqual(['deferred']);

    gateway.mode = 'up';
    await advance(1_000);
    expect([first, second, third]).toEqual([
      ['deferred', 'sent'],
      ['deferred', 'sent'],
      ['deferred', 'sent'],
    ]);
  });

  it('reports what the gateway took to onSent listeners, with the answer', async () => {
    const queue = makeQueue();
    const sent: [PendingWrite, WriteResponse][] = [];
    queue.onSent((write, response) => sent.push([write, response]));
    queue.enqueue({ kind: 'skip', movie: movie(5) });
    queue.enqueue(rate(6, 3));
    await advance();
    expect(sent).toEqual([
      [{ kind: 'skip', movie: movie(5) }, { replacement: movie(1005) }],
      [rate(6, 3), null],
    ]);
  });

  it('keeps the writes in its store, so a new page sends what the last one left', async () => {
    const first = makeQueue();
    const stopFirst = first.start(win);
    gateway.mode = 'offline';
    first.enqueue(rate(1, 4));
    first.enqueue({ kind: 'unrate', movie: movie(2) });
    await advance();
    stopFirst(); // the page is closed

    gateway.mode = 'up';
    const second = makeQueue(); // a reload: same store
    expect(second.getSnapshot().entries.map((e) => [e.write.kind, e.state])).toEqual([
      ['rate', 'waiting'],
      ['unrate', 'queued'],
    ]);
    expect(gateway.landed).toEqual([]);
    second.start(win);
    await advance();
    expect(gateway.landed).toEqual(['rate 1=4', 'unrate 2']);
    expect(store.load()).toEqual([]);
  });

  it('shares one stored list between tabs: each write is sent once, and both pages learn of it', async () => {
    const lock = createMutex(); // the Web Locks API in the browser
    const tab = () =>
      new PendingWrites({ send: gateway.send, classify: classifyWriteError, store, lock });
    const first = tab();
    first.start(win);
    const learnt: string[] = [];
    first.onSent((write) => learnt.push(`first: ${write.kind} ${write.movie.id}`));
    gateway.mode = 'unavailable';
    first.enqueue(rate(1, 4));
    await advance();

    gateway.mode = 'up';
    const second = tab(); // another tab opens; it finds the write and sends it
    second.onSent((write) => learnt.push(`second: ${write.kind} ${write.movie.id}`));
    second.start(win);
    await advance();
    expect(gateway.landed).toEqual(['rate 1=4']);

    await advance(30_000); // the first tab's retry finds the list empty
    expect(gateway.landed).toEqual(['rate 1=4']);
    expect(learnt).toEqual(['second: rate 1', 'first: rate 1']);
    expect(first.getSnapshot().entries).toEqual([]);
  });

  it('forgets every write on reset, and ignores the answer of one still on its way', async () => {
    const queue = makeQueue();
    queue.start(win);
    const sent: PendingWrite[] = [];
    queue.onSent((write) => sent.push(write));
    gateway.mode = 'unavailable';
    queue.enqueue(rate(1, 4));
    await advance();
    const outcomes: string[] = [];
    queue.enqueue(rate(2, 4), (o) => outcomes.push(o.kind));
    gateway.mode = 'up';
    queue.retryNow(); // rate 1 is on its way
    const reset = jest.fn().mockResolvedValue({ deleted: { ratings: 0, skips: 0 } });
    const done = queue.resetWith(reset);
    await advance();
    await done;
    // The reset waited for the request on its way, then dropped the rest.
    expect(reset).toHaveBeenCalledTimes(1);
    expect(gateway.landed).toEqual(['rate 1=4']);
    expect(outcomes).toEqual(['deferred', 'discarded']);
    expect(queue.getSnapshot().entries).toEqual([]);
    await advance(60_000);
    expect(gateway.landed).toEqual(['rate 1=4']);
  });

  it('keeps the writes when the reset fails', async () => {
    const queue = makeQueue();
    gateway.mode = 'offline';
    queue.enqueue(rate(1, 4));
    await advance();
    await expect(
      queue.resetWith(() => Promise.reject(new ApiClientError(503, 'down'))),
    ).rejects.toThrow('down');
    expect(queue.getSnapshot().entries).toHaveLength(1);
  });
});

describe('retryDelayMs', () => {
  it('doubles from 1 s up to 30 s, spread by ±20 %', () => {
    expect([1, 2, 3, 4, 5, 6, 10].map((n) => retryDelayMs(n, 0, 0.5))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000,
    ]);
    expect(retryDelayMs(1, 0, 0)).toBe(800);
    expect(retryDelayMs(1, 0, 0.999999)).toBe(1_200);
    expect(retryDelayMs(6, 0, 0.999999)).toBe(30_000);
  });

  it("waits at least the server's Retry-After, up to 30 s", () => {
    expect(retryDelayMs(1, 5_000, 0.5)).toBe(5_000);
    expect(retryDelayMs(1, 120_000, 0.5)).toBe(30_000);
  });
});
