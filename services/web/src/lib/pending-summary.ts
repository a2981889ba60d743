import {
  isDeferred,
  type PendingEntry,
  type PendingWrite,
  type PendingWritesSnapshot,
} from './pending-writes';

export interface PendingSummary {
  /** Held back by an outage; sent by themselves when the gateway answers. */
  deferred: PendingEntry[];
  /** Refused by the gateway; kept until the user retries, changes or dismisses them. */
  failed: PendingEntry[];
}

export function summarizePending(snapshot: PendingWritesSnapshot): PendingSummary {
  return {
    deferred: snapshot.entries.filter((e) => isDeferred(e, snapshot)),
    failed: snapshot.entries.filter((e) => e.state === 'failed'),
  };
}

const NOUNS: Record<PendingWrite['kind'], [string, string]> = {
  rate: ['rating', 'ratings'],
  unrate: ['rating removal', 'rating removals'],
  skip: ['skip', 'skips'],
};

/** "2 ratings", "1 rating and 1 skip", "3 ratings, 1 rating removal and 2 skips". */
export function countPhrase(entries: readonly PendingEntry[]): string {
  const parts = (Object.keys(NOUNS) as PendingWrite['kind'][]).flatMap((kind) => {
    const n = entries.filter((e) => e.write.kind === kind).length;
    if (n === 0) return [];
    const [one, many] = NOUNS[kind];
    return [`${n} ${n === 1 ? one : many}`];
  });
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

/** The calm line about writes held back by an outage; null when there are none. */
export function deferredMessage(deferred: readonly PendingEntry[], online: boolean): string | null {
  if (deferred.length === 0) return null;
  const phrase = countPhrase(deferred);
  return online
    ? `${phrase} waiting to be saved — will retry`
    : `You are offline: ${phrase} waiting to be saved — sent when you are back online`;
}

/** "your rating of Heat", "skipping Heat": what a write was, for the message of a failed one. */
export function describeWrite(write: PendingWrite, title: string): string {
  switch (write.kind) {
    case 'rate':
      return `your rating of ${title}`;
    case 'unrate':
      return `removing your rating of ${title}`;
    case 'skip':
      return `skipping ${title}`;
  }
}

/** The value a rating write sets: its stars, or null for a removal; undefined for a skip. */
export function ratingOf(write: PendingWrite): number | null | undefined {
  if (write.kind === 'rate') return write.rating;
  if (write.kind === 'unrate') return null;
  return undefined;
}

/** The newest rating write of a movie still in the list (waiting, on its way or failed). */
export function ratingEntryOf(
  entries: readonly PendingEntry[],
  movieId: number,
): PendingEntry | undefined {
  for (let i = entries.length - 1; i >= 0; i -= 1) {
    const entry = entries[i];
    if (entry && entry.write.kind !== 'skip' && entry.write.movie.id === movieId) return entry;
  }
  return undefined;
}

/**
 * The ratings as the user made them: the gateway's, with the writes still on their way or
 * held back applied (failed ones are not: the gateway refused them).
 */
export function withPendingRatings(
  saved: ReadonlyMap<number, number>,
  entries: readonly PendingEntry[],
): ReadonlyMap<number, number> {
  const live = entries.filter((e) => e.state !== 'failed' && e.write.kind !== 'skip');
  if (live.length === 0) return saved;
  const next = new Map(saved);
  for (const { write } of live) {
    const value = ratingOf(write);
    if (value === null) next.delete(write.movie.id);
    else if (value !== undefined) next.set(write.movie.id, value);
  }
  return next;
}
