import type { Movie } from '@marquee/contracts';
import {
  memoryStore,
  randomId,
  type PendingWrite,
  type StoredEntry,
  type WriteStore,
} from './pending-writes';

/** The localStorage key of the list: `{ profile, entries }`. */
export const PENDING_WRITES_KEY = 'marquee:pending-writes:v1';

interface StoredList {
  /**
   * Which anonymous profile the writes belong to: a random id of this browser's profile, new
   * after "start over" (the gateway's identity cookie is httpOnly, so the page cannot read it).
   */
  profile: string;
  entries: StoredEntry[];
}

/** Storage as the page sees it (window.localStorage), and the `storage` events of other tabs. */
export interface BrowserStorageTarget {
  readonly localStorage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  addEventListener(type: 'storage', listener: (event: StorageEvent) => void): void;
  removeEventListener(type: 'storage', listener: (event: StorageEvent) => void): void;
}

/**
 * The list in localStorage, shared by the tabs of one browser (whose cookie is one profile).
 * When localStorage cannot be used (disabled, full), the list is kept in memory instead.
 */
export function localStorageStore(target: BrowserStorageTarget): WriteStore {
  const fallback = memoryStore();
  let usable = true;

  const read = (): StoredList | null => {
    try {
      const text = target.localStorage.getItem(PENDING_WRITES_KEY);
      return text === null ? null : parseStoredList(text);
    } catch (_cause) {
      usable = false;
      return null;
    }
  };
  const write = (list: StoredList): void => {
    try {
      target.localStorage.setItem(PENDING_WRITES_KEY, JSON.stringify(list));
    } catch (_cause) {
      usable = false;
      fallback.save(list.entries);
    }
  };
  /** The profile this tab knows of: changed by its own reset and by other tabs' (events). */
  let known = read()?.profile ?? randomId();

  return {
    load() {
      const stored = usable ? read() : null;
      return usable ? (stored?.entries ?? []) : fallback.load();
    },
    save(entries) {
      if (!usable) return fallback.save(entries);
      write({ profile: read()?.profile ?? known, entries: [...entries] });
    },
    reset() {
      fallback.reset();
      known = randomId();
      if (usable) write({ profile: known, entries: [] });
    },
    subscribe(listener) {
      const onStorage = (event: StorageEvent) => {
        if (event.key !== null && event.key !== PENDING_WRITES_KEY) return;
        const after = event.newValue === null ? null : parseStoredList(event.newValue);
        const profileChanged = after !== null && after.profile !== known;
        if (after) known = after.profile;
        listener({ profileChanged });
      };
      target.addEventListener('storage', onStorage);
      return () => target.removeEventListener('storage', onStorage);
    },
  };
}

/** The stored list, or null when it is not one; entries that do not parse are dropped. */
export function parseStoredList(text: string): StoredList | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (_cause) {
    return null;
  }
  if (!isRecord(parsed) || typeof parsed.profile !== 'string' || !Array.isArray(parsed.entries)) {
    return null;
  }
  const entries = parsed.entries.filter(isStoredEntry);
  return { profile: parsed.profile, entries };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const STATES: ReadonlySet<unknown> = new Set(['queued', 'waiting', 'failed']);

function isStoredEntry(value: unknown): value is StoredEntry {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    typeof value.queuedAt === 'number' &&
    typeof value.attempts === 'number' &&
    STATES.has(value.state) &&
    (value.error === null || typeof value.error === 'string') &&
    isWrite(value.write)
  );
}

function isWrite(value: unknown): value is PendingWrite {
  if (!isRecord(value) || !isMovie(value.movie)) return false;
  if (value.kind === 'rate') return typeof value.rating === 'number';
  return value.kind === 'unrate' || value.kind === 'skip';
}

function isMovie(value: unknown): value is Movie {
  return (
    isRecord(value) &&
    Number.isInteger(value.id) &&
    typeof value.title === 'string' &&
    (value.year === null || typeof value.year === 'number') &&
    Array.isArray(value.genres) &&
    value.genres.every((g) => typeof g === 'string') &&
    (value.posterUrl === null || typeof value.posterUrl === 'string')
  );
}
