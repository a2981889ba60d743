import type { Movie, SkipResponse } from '@marquee/contracts';

/**
 * The page's writes (ratings, rating removals, skips) and the queue that keeps them until the
 * gateway has them. Every write goes through the queue, one request at a time, in the order the
 * user made them; a later write of the same movie's rating supersedes an earlier one still
 * waiting. A write the gateway could not take (no network, 5xx, 429) waits and is retried with
 * a growing delay, or at once when the browser comes back online; one it refused (another 4xx)
 * is kept as failed, with the server's message, until the user retries, changes or dismisses
 * it. The list lives in a WriteStore (localStorage in the browser), so a reload keeps it.
 */
export type PendingWrite =
  | { kind: 'rate'; movie: Movie; rating: number }
  | { kind: 'unrate'; movie: Movie }
  | { kind: 'skip'; movie: Movie };

/** What the gateway answered a write: a skip's replacement movie; null for ratings. */
export type WriteResponse = SkipResponse | null;

/**
 * queued: not sent yet; sending: its request is in flight (this tab); waiting: the gateway could
 * not take it, a retry is scheduled; failed: the gateway refused it, not retried by itself.
 */
export type EntryState = 'queued' | 'sending' | 'waiting' | 'failed';

export interface PendingEntry {
  readonly id: string;
  readonly write: PendingWrite;
  /** When the user made it (ms since the epoch). */
  readonly queuedAt: number;
  /** Failed attempts so far. */
  readonly attempts: number;
  readonly state: EntryState;
  /** The last failure's message. */
  readonly error: string | null;
}

/** An entry as stored: "sending" belongs to one tab's memory only. */
export type StoredEntry = Omit<PendingEntry, 'state'> & {
  readonly state: Exclude<EntryState, 'sending'>;
};

export interface PendingWritesSnapshot {
  readonly entries: readonly PendingEntry[];
  /** When the next automatic retry is due (ms since the epoch); null when none is scheduled. */
  readonly retryAt: number | null;
  /** The browser's own idea of being online (navigator.onLine). */
  readonly online: boolean;
}

/** What became of one write, reported to the listener given to enqueue(). */
export type WriteOutcome =
  /** It cannot be sent now; it stays queued (and stored) and is sent when the gateway answers. */
  | { kind: 'deferred' }
  | { kind: 'sent'; response: WriteResponse }
  | { kind: 'failed'; message: string }
  /** A later write of the same movie took its place. */
  | { kind: 'superseded' }
  /** Dropped: dismissed, the profile was reset, or another tab took it. */
  | { kind: 'discarded' };

export interface WriteFailure {
  /** True when the same request may succeed later (no answer, 5xx, 429). */
  transient: boolean;
  message: string;
  /** The server's Retry-After, in ms. */
  retryAfterMs?: number;
}

/** Where the list is kept. Every method is synchronous, so one change is one read and one write. */
export interface WriteStore {
  load(): StoredEntry[];
  save(entries: readonly StoredEntry[]): void;
  /** Drops the list and starts a new profile's (after "start over"). */
  reset(): void;
  /** Calls `listener` when another tab changed the list; `profileChanged` after its reset. */
  subscribe(listener: (change: { profileChanged: boolean }) => void): () => void;
}

/** What start() listens to: the window in the browser. */
export interface ConnectivityTarget {
  addEventListener(type: 'online' | 'offline', listener: () => void): void;
  removeEventListener(type: 'online' | 'offline', listener: () => void): void;
  readonly navigator: { readonly onLine: boolean };
}

export interface PendingWritesOptions {
  send(write: PendingWrite): Promise<WriteResponse>;
  /** Whether a failed send may be retried, and the message to show. */
  classify(err: unknown): WriteFailure;
  store?: WriteStore;
  /**
   * Runs one send exclusively (across tabs in the browser: the Web Locks API), so two tabs
   * sharing one stored list never send the same entry.
   */
  lock?: <T>(task: () => Promise<T>) => Promise<T>;
  now?: () => number;
  /** In [0, 1): spreads retries so that many pages do not come back at the same instant. */
  random?: () => number;
  newId?: () => string;
}

export const FIRST_RETRY_MS = 1_000;
export const MAX_RETRY_MS = 30_000;

/** The wait before retry number `attempts` (1, 2, …): doubling from 1 s to 30 s, ±20 %. */
export function retryDelayMs(attempts: number, retryAfterMs = 0, random = 0.5): number {
  const base = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));
  const jittered = base * (0.8 + 0.4 * random);
  return Math.round(Math.min(MAX_RETRY_MS, Math.max(jittered, retryAfterMs)));
}

/** Writes with the same key replace each other: a movie's rating (or its removal), a skip. */
export function writeKey(write: PendingWrite): string {
  return `${write.kind === 'skip' ? 'skip' : 'rating'}:${write.movie.id}`;
}

/** True while an entry is held back by an outage (not merely on its way). */
export function isDeferred(entry: PendingEntry, snapshot: PendingWritesSnapshot): boolean {
  if (entry.state === 'waiting') return true;
  if (entry.state === 'failed') return false;
  return entry.attempts > 0 || snapshot.retryAt !== null;
}

/** A store that forgets on reload (tests; browsers without usable localStorage). */
export function memoryStore(): WriteStore {
  let entries: StoredEntry[] = [];
  return {
    load: () => [...entries],
    save: (next) => {
      entries = [...next];
    },
    reset: () => {
      entries = [];
    },
    subscribe: () => () => undefined,
  };
}

/** A random id; crypto.randomUUID() exists only on secure origins (HTTPS, localhost). */
export function randomId(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') {
    return crypto.randomUUID();
  }
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

/** Runs tasks one at a time, in the order they were given (within one tab). */
export function createMutex(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}

const EMPTY: PendingWritesSnapshot = { entries: [], retryAt: null, online: true };

type Listener = (outcome: WriteOutcome) => void;
type SentListener = (write: PendingWrite, response: WriteResponse) => void;

export class PendingWrites {
  private readonly store: WriteStore;
  private readonly lock: <T>(task: () => Promise<T>) => Promise<T>;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly newId: () => string;
  private entries: StoredEntry[];
  private sendingId: string | null = null;
  private retryAt: number | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private online = true;
  private flushing = false;
  private wake = false;
  /** Bumped by clear(): answers to requests sent before it are ignored. */
  private generation = 0;
  private snapshot: PendingWritesSnapshot = EMPTY;
  private readonly subscribers = new Set<() => void>();
  private readonly sentListeners = new Set<SentListener>();
  private readonly listeners = new Map<string, Listener>();
  private readonly deferredTold = new Set<string>();

  constructor(private readonly options: PendingWritesOptions) {
    this.store = options.store ?? memoryStore();
    this.lock = options.lock ?? createMutex();
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.newId = options.newId ?? randomId;
    this.entries = this.store.load();
    this.publish();
  }

  /** For useSyncExternalStore: a new object after every change, the same one otherwise. */
  readonly getSnapshot = (): PendingWritesSnapshot => this.snapshot;

  readonly subscribe = (subscriber: () => void): (() => void) => {
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  };

  /** Calls `listener` for every write the gateway took, whoever queued it (this tab only). */
  onSent(listener: SentListener): () => void {
    this.sentListeners.add(listener);
    return () => this.sentListeners.delete(listener);
  }

  /**
   * Sends what is stored, follows the browser's online and offline events and other tabs'
   * changes. Returns the function that stops all of that.
   */
  start(target: ConnectivityTarget): () => void {
    const goOnline = () => {
      this.online = true;
      this.publish();
      this.retryNow();
    };
    const goOffline = () => {
      this.online = false;
      this.publish();
    };
    target.addEventListener('online', goOnline);
    target.addEventListener('offline', goOffline);
    this.online = target.navigator.onLine;
    const unsubscribe = this.store.subscribe(({ profileChanged }) => {
      if (profileChanged) {
        this.forget();
        this.entries = []; // the old profile's writes are gone, not sent
      }
      this.reload();
      this.publish();
      void this.flush();
    });
    this.reload();
    this.publish();
    void this.flush();
    return () => {
      target.removeEventListener('online', goOnline);
      target.removeEventListener('offline', goOffline);
      unsubscribe();
      this.cancelRetry();
      this.publish();
    };
  }

  /**
   * Queues `write` behind the others, replacing a waiting write of the same key, and sends it
   * when its turn comes. `listener` hears what becomes of it. Returns the entry's id.
   */
  enqueue(write: PendingWrite, listener?: Listener): string {
    const id = this.newId();
    const key = writeKey(write);
    const replaced: string[] = [];
    this.mutate((entries) => {
      const kept = entries.filter((e) => {
        const same = writeKey(e.write) === key && e.id !== this.sendingId;
        if (same) replaced.push(e.id);
        return !same;
      });
      kept.push({ id, write, queuedAt: this.now(), attempts: 0, state: 'queued', error: null });
      return kept;
    });
    if (listener) this.listeners.set(id, listener);
    for (const old of replaced) this.settle(old, { kind: 'superseded' });
    if (this.timer !== undefined) this.tellDeferred(id);
    void this.flush();
    return id;
  }

  /** Sends a failed entry again (the user asked to). */
  retry(id: string): void {
    this.mutate((entries) => {
      const entry = entries.find((e) => e.id === id);
      if (!entry || entry.state !== 'failed') return entries;
      const again: StoredEntry = { ...entry, state: 'queued', attempts: 0, error: null };
      return [...entries.filter((e) => e.id !== id), again];
    });
    void this.flush();
  }

  /** Drops a failed entry. */
  dismiss(id: string): void {
    let dropped = false;
    this.mutate((entries) =>
      entries.filter((e) => {
        const drop = e.id === id && e.state === 'failed';
        dropped ||= drop;
        return !drop;
      }),
    );
    if (dropped) this.settle(id, { kind: 'discarded' });
  }

  /** Stops waiting for the scheduled retry and tries now. */
  retryNow(): void {
    this.cancelRetry();
    this.publish();
    void this.flush();
  }

  /**
   * "Start over": runs `reset` (the request that makes a new profile) while no write is being
   * sent, and forgets every write once it succeeded, so none reaches the new profile.
   */
  resetWith<T>(reset: () => Promise<T>): Promise<T> {
    return this.lock(async () => {
      const result = await reset();
      this.clear();
      return result;
    });
  }

  /** Forgets every write (the profile was reset); answers still on their way are ignored. */
  clear(): void {
    this.store.reset();
    this.forget();
    this.entries = [];
    this.publish();
  }

  private forget(): void {
    this.generation += 1;
    this.cancelRetry();
    for (const id of [...this.listeners.keys()]) this.settle(id, { kind: 'discarded' });
  }

  private async flush(): Promise<void> {
    this.wake = true;
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.wake) {
        this.wake = false;
        while (await this.lock(() => this.sendNext())) {
          // one entry handled; on to the next
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  /** Sends the first entry due. False when none is, or when it must wait for a retry. */
  private async sendNext(): Promise<boolean> {
    if (this.timer !== undefined) return false;
    this.reload(); // another tab may have sent, added or dropped entries
    const entry = this.entries.find((e) => e.state === 'queued' || e.state === 'waiting');
    if (!entry) {
      this.publish();
      return false;
    }
    const generation = this.generation;
    this.sendingId = entry.id;
    this.publish();
    let response: WriteResponse = null;
    let failure: WriteFailure | null = null;
    try {
      response = await this.options.send(entry.write);
    } catch (err) {
      failure = this.options.classify(err);
    }
    this.sendingId = null;
    if (generation !== this.generation) {
      this.publish();
      return false;
    }
    if (failure === null) {
      this.mutate((entries) => entries.filter((e) => e.id !== entry.id));
      for (const listener of this.sentListeners) listener(entry.write, response);
      this.settle(entry.id, { kind: 'sent', response });
      return true;
    }
    if (!failure.transient) {
      const message = failure.message;
      this.mutate((entries) =>
        entries.map((e) => (e.id === entry.id ? { ...e, state: 'failed', error: message } : e)),
      );
      this.settle(entry.id, { kind: 'failed', message });
      return true;
    }
    this.reload();
    const key = writeKey(entry.write);
    if (this.entries.some((e) => e.id !== entry.id && writeKey(e.write) === key)) {
      this.mutate((entries) => entries.filter((e) => e.id !== entry.id));
      this.settle(entry.id, { kind: 'superseded' });
      return true;
    }
    const attempts = (this.entries.find((e) => e.id === entry.id)?.attempts ?? 0) + 1;
    const message = failure.message;
    this.mutate((entries) =>
      entries.map((e) =>
        e.id === entry.id ? { ...e, state: 'waiting', attempts, error: message } : e,
      ),
    );
    this.scheduleRetry(retryDelayMs(attempts, failure.retryAfterMs, this.random()));
    return false;
  }

  private scheduleRetry(delayMs: number): void {
    this.cancelRetry();
    this.retryAt = this.now() + delayMs;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.retryAt = null;
      this.publish();
      void this.flush();
    }, delayMs);
    for (const entry of this.entries) {
      if (entry.state !== 'failed') this.tellDeferred(entry.id);
    }
    this.publish();
  }

  private cancelRetry(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.retryAt = null;
  }

  private tellDeferred(id: string): void {
    if (this.deferredTold.has(id)) return;
    this.deferredTold.add(id);
    this.listeners.get(id)?.({ kind: 'deferred' });
  }

  private settle(id: string, outcome: Exclude<WriteOutcome, { kind: 'deferred' }>): void {
    const listener = this.listeners.get(id);
    this.listeners.delete(id);
    this.deferredTold.delete(id);
    listener?.(outcome);
  }

  /** Applies `change` to the stored list (read fresh, so another tab's changes are kept). */
  private mutate(change: (entries: StoredEntry[]) => StoredEntry[]): void {
    this.entries = change(this.readStore());
    this.store.save(this.entries);
    this.publish();
  }

  private reload(): void {
    this.entries = this.readStore();
  }

  /**
   * The stored list, noting the entries another tab has handled since this one last looked:
   * gone with nothing of the same key after them, it sent them (the page learns of it as if
   * this tab had); replaced by a later write of the same key, or a refused one gone, they were
   * superseded or dismissed.
   */
  private readStore(): StoredEntry[] {
    const fresh = this.store.load();
    const present = new Set(fresh.map((e) => e.id));
    const keys = new Set(fresh.map((e) => writeKey(e.write)));
    for (const old of this.entries) {
      if (present.has(old.id) || old.id === this.sendingId) continue;
      if (old.state === 'failed' || keys.has(writeKey(old.write))) {
        this.settle(old.id, { kind: 'discarded' });
        continue;
      }
      for (const listener of this.sentListeners) listener(old.write, null);
      this.settle(old.id, { kind: 'sent', response: null });
    }
    return fresh;
  }

  private publish(): void {
    const entries: PendingEntry[] = this.entries.map((e) =>
      e.id === this.sendingId ? { ...e, state: 'sending' } : e,
    );
    this.snapshot = { entries, retryAt: this.retryAt, online: this.online };
    for (const subscriber of this.subscribers) subscriber();
  }
}
