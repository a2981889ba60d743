'use client';

import { createContext, useContext, useSyncExternalStore } from 'react';
import { createApiClient } from '../lib/api-client';
import { WRITE_TIMEOUT_MS } from '../lib/constants';
import { localStorageStore } from '../lib/pending-writes-storage';
import {
  createMutex,
  memoryStore,
  PendingWrites,
  type PendingWritesSnapshot,
  type WriteStore,
} from '../lib/pending-writes';
import { classifyWriteError, sendWrite } from '../lib/send-write';

const LOCK_NAME = 'marquee:pending-writes';

/** The browser's list: in localStorage when it can be used, else in memory. */
function browserStore(): WriteStore {
  try {
    if (typeof window !== 'undefined' && window.localStorage) return localStorageStore(window);
  } catch (_cause) {
    // Reading window.localStorage itself throws where storage is blocked.
  }
  return memoryStore();
}

const tabMutex = createMutex();

/** One send at a time across this browser's tabs where the Web Locks API exists, else in this tab. */
function browserLock<T>(task: () => Promise<T>): Promise<T> {
  if (typeof navigator === 'undefined' || !navigator.locks) return tabMutex(task);
  const locks = navigator.locks;
  // The lock is held until the callback's promise settles, that is until the task has.
  return new Promise<T>((resolve, reject) => {
    void locks.request(LOCK_NAME, () => task().then(resolve, reject));
  });
}

/** Writes give up sooner than reads: a write kept for a retry is better than a long wait. */
const writeApi = createApiClient({ timeoutMs: WRITE_TIMEOUT_MS });

let browserQueue: PendingWrites | undefined;

/** The page's queue: one per browser tab, made on first use. */
export function defaultPendingWrites(): PendingWrites {
  browserQueue ??= new PendingWrites({
    send: (write) => sendWrite(writeApi, write),
    classify: classifyWriteError,
    store: browserStore(),
    lock: browserLock,
  });
  return browserQueue;
}

const PendingWritesContext = createContext<PendingWrites | null>(null);

/** Gives the components below another queue than the page's (tests). */
export const PendingWritesProvider = PendingWritesContext.Provider;

export function usePendingWritesQueue(): PendingWrites {
  return useContext(PendingWritesContext) ?? defaultPendingWrites();
}

const SERVER_SNAPSHOT: PendingWritesSnapshot = { entries: [], retryAt: null, online: true };
const serverSnapshot = () => SERVER_SNAPSHOT;

/** The queue and its current state; the component renders again whenever the state changes. */
export function usePendingWrites(): { queue: PendingWrites; snapshot: PendingWritesSnapshot } {
  const queue = usePendingWritesQueue();
  const snapshot = useSyncExternalStore(queue.subscribe, queue.getSnapshot, serverSnapshot);
  return { queue, snapshot };
}
