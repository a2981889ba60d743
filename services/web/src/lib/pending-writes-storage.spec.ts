/** @jest-environment jsdom */
import type { Movie } from '@marquee/contracts';
import type { StoredEntry } from './pending-writes';
import {
  type BrowserStorageTarget,
  localStorageStore,
  parseStoredList,
  PENDING_WRITES_KEY,
} from './pending-writes-storage';

const heat: Movie = { id: 6, title: 'Heat', year: 1995, genres: ['Crime'], posterUrl: null };

const entry = (id: string, rating: number): StoredEntry => ({
  id,
  write: { kind: 'rate', movie: heat, rating },
  queuedAt: 1_700_000_000_000,
  attempts: 2,
  state: 'waiting',
  error: 'The database is not answering',
});

/** What another tab writing the same key looks like to this one. */
function otherTabWrites(value: string | null): void {
  if (value === null) window.localStorage.removeItem(PENDING_WRITES_KEY);
  else window.localStorage.setItem(PENDING_WRITES_KEY, value);
  window.dispatchEvent(new StorageEvent('storage', { key: PENDING_WRITES_KEY, newValue: value }));
}

beforeEach(() => window.localStorage.clear());

describe('localStorageStore', () => {
  it('keeps the list in localStorage, where the next page finds it', () => {
    const store = localStorageStore(window);
    store.save([entry('a', 4), entry('b', 3)]);
    const next = localStorageStore(window);
    expect(next.load()).toEqual([entry('a', 4), entry('b', 3)]);
    const stored = JSON.parse(window.localStorage.getItem(PENDING_WRITES_KEY)!) as {
      profile: string;
    };
    expect(stored.profile).toEqual(expect.any(String));
  });

  it('starts a new, empty profile on reset', () => {
    const store = localStorageStore(window);
    store.save([entry('a', 4)]);
    const before = parseStoredList(window.localStorage.getItem(PENDING_WRITES_KEY)!)!.profile;
    store.reset();
    const after = parseStoredList(window.localStorage.getItem(PENDING_WRITES_KEY)!)!;
    expect(after.entries).toEqual([]);
    expect(after.profile).not.toBe(before);
    expect(store.load()).toEqual([]);
  });

  it("tells apart another tab's change of the list from its reset of the profile", () => {
    const store = localStorageStore(window);
    store.save([entry('a', 4)]);
    const { profile } = parseStoredList(window.localStorage.getItem(PENDING_WRITES_KEY)!)!;
    const changes: boolean[] = [];
    const stop = store.subscribe(({ profileChanged }) => changes.push(profileChanged));

    otherTabWrites(JSON.stringify({ profile, entries: [entry('a', 4), entry('b', 5)] }));
    expect(store.load()).toHaveLength(2);
    otherTabWrites(JSON.stringify({ profile: 'someone-new', entries: [] }));
    expect(store.load()).toEqual([]);
    window.dispatchEvent(new StorageEvent('storage', { key: 'unrelated', newValue: 'x' }));
    stop();
    otherTabWrites(JSON.stringify({ profile: 'later', entries: [] }));

    expect(changes).toEqual([false, true]);
  });

  it('keeps the list in memory when localStorage cannot be used', () => {
    const broken: BrowserStorageTarget = {
      localStorage: {
        getItem: () => {
          throw new DOMException('denied', 'SecurityError');
        },
        setItem: () => {
          throw new DOMException('full', 'QuotaExceededError');
        },
        removeItem: () => undefined,
      },
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
    };
    const store = localStorageStore(broken);
    store.save([entry('a', 4)]);
    expect(store.load()).toEqual([entry('a', 4)]);
    store.reset();
    expect(store.load()).toEqual([]);
  });
});

describe('parseStoredList', () => {
  it('drops entries that are not writes, and lists that are not lists', () => {
    const good = entry('a', 4);
    const text = JSON.stringify({
      profile: 'p',
      entries: [
        good,
        { ...good, id: 7 },
        { ...good, state: 'sending' },
        { ...good, write: { kind: 'rate', movie: heat } },
        { ...good, write: { kind: 'delete', movie: heat } },
        { ...good, write: { kind: 'skip', movie: { id: 'x' } } },
        { ...good, id: 'b', write: { kind: 'skip', movie: heat } },
      ],
    });
    expect(parseStoredList(text)).toEqual({
      profile: 'p',
      entries: [good, { ...good, id: 'b', write: { kind: 'skip', movie: heat } }],
    });
    expect(parseStoredList('not json')).toBeNull();
    expect(parseStoredList('[]')).toBeNull();
    expect(parseStoredList(JSON.stringify({ entries: [] }))).toBeNull();
  });
});
