import type { Movie } from '@marquee/contracts';
import type { PendingEntry, PendingWrite, PendingWritesSnapshot } from './pending-writes';
import {
  countPhrase,
  deferredMessage,
  describeWrite,
  ratingEntryOf,
  summarizePending,
  withPendingRatings,
} from './pending-summary';

const movie = (id: number): Movie => ({
  id,
  title: `Film ${id}`,
  year: null,
  genres: [],
  posterUrl: null,
});

let n = 0;
function entry(write: PendingWrite, over: Partial<PendingEntry> = {}): PendingEntry {
  n += 1;
  return { id: `e${n}`, write, queuedAt: n, attempts: 0, state: 'queued', error: null, ...over };
}
const rate = (id: number, rating: number, over?: Partial<PendingEntry>) =>
  entry({ kind: 'rate', movie: movie(id), rating }, over);
const unrate = (id: number, over?: Partial<PendingEntry>) =>
  entry({ kind: 'unrate', movie: movie(id) }, over);
const skip = (id: number, over?: Partial<PendingEntry>) =>
  entry({ kind: 'skip', movie: movie(id) }, over);

describe('summarizePending', () => {
  it('counts as held back what waits for a retry, not what is simply on its way', () => {
    const waiting = rate(1, 4, { state: 'waiting', attempts: 1 });
    const behind = rate(2, 3);
    const failed = skip(3, { state: 'failed', error: 'no such film' });
    const during: PendingWritesSnapshot = {
      entries: [waiting, behind, failed],
      retryAt: 1_000,
      online: true,
    };
    expect(summarizePending(during)).toEqual({ deferred: [waiting, behind], failed: [failed] });
    const onItsWay = rate(4, 5, { state: 'sending' });
    expect(summarizePending({ entries: [onItsWay], retryAt: null, online: true }).deferred).toEqual(
      [],
    );
    // A retry on its way is still part of the outage.
    const retrying = rate(5, 5, { state: 'sending', attempts: 3 });
    expect(summarizePending({ entries: [retrying], retryAt: null, online: true }).deferred).toEqual(
      [retrying],
    );
  });
});

describe('the status line', () => {
  it('names what waits, in plain words', () => {
    expect(countPhrase([rate(1, 4)])).toBe('1 rating');
    expect(countPhrase([rate(1, 4), rate(2, 4)])).toBe('2 ratings');
    expect(countPhrase([rate(1, 4), skip(2)])).toBe('1 rating and 1 skip');
    expect(countPhrase([skip(3), rate(1, 4), unrate(2), rate(4, 1), skip(5)])).toBe(
      '2 ratings, 1 rating removal and 2 skips',
    );
    expect(deferredMessage([rate(1, 4), rate(2, 3)], true)).toBe(
      '2 ratings waiting to be saved — will retry',
    );
    expect(deferredMessage([rate(1, 4)], false)).toBe(
      'You are offline: 1 rating waiting to be saved — sent when you are back online',
    );
    expect(deferredMessage([], true)).toBeNull();
  });

  it('says what a refused write was', () => {
    expect(describeWrite({ kind: 'rate', movie: movie(1), rating: 4 }, 'Heat')).toBe(
      'your rating of Heat',
    );
    expect(describeWrite({ kind: 'unrate', movie: movie(1) }, 'Heat')).toBe(
      'removing your rating of Heat',
    );
    expect(describeWrite({ kind: 'skip', movie: movie(1) }, 'Heat')).toBe('skipping Heat');
  });
});

describe('withPendingRatings', () => {
  it("applies the writes on their way to the gateway's ratings, not the refused ones", () => {
    const saved = new Map([
      [1, 4],
      [2, 3],
      [3, 2],
    ]);
    const shown = withPendingRatings(saved, [
      rate(1, 5, { state: 'waiting', attempts: 2 }),
      unrate(2),
      rate(4, 1),
      rate(3, 5, { state: 'failed', error: 'refused' }),
      skip(9),
    ]);
    expect([...shown].sort(([a], [b]) => a - b)).toEqual([
      [1, 5],
      [3, 2],
      [4, 1],
    ]);
    expect(withPendingRatings(saved, [])).toBe(saved);
  });

  it("finds a movie's newest rating write", () => {
    const old = rate(1, 2, { state: 'sending' });
    const latest = unrate(1);
    expect(ratingEntryOf([old, skip(1), rate(2, 3), latest], 1)).toBe(latest);
    expect(ratingEntryOf([skip(1)], 1)).toBeUndefined();
  });
});
