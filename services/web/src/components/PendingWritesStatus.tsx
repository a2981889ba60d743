'use client';

import { useEffect, useRef, useState } from 'react';
import { usePendingWrites } from '../hooks/usePendingWrites';
import { displayTitle } from '../lib/movie-display';
import { deferredMessage, describeWrite, summarizePending } from '../lib/pending-summary';
import styles from './PendingWritesStatus.module.css';

/** How long "All changes saved" stays after an outage's writes have all landed. */
export const CAUGHT_UP_MS = 5_000;
/** Failed writes listed one by one; the rest are counted. */
const FAILED_SHOWN = 3;

/**
 * A small, calm line at the bottom of the page while writes wait for the gateway ("2 ratings
 * waiting to be saved — will retry", with "Retry now"), then "All changes saved" once they have
 * landed; and the writes the gateway refused, each with its message, "Retry" and "Dismiss".
 * Nothing at all while the gateway answers.
 */
export function PendingWritesStatus() {
  const { queue, snapshot } = usePendingWrites();
  const { deferred, failed } = summarizePending(snapshot);
  const message = deferredMessage(deferred, snapshot.online);
  const waiting = deferred.length > 0;
  const idle = snapshot.entries.length === 0;
  const hadWaiting = useRef(false);
  const [caughtUp, setCaughtUp] = useState(false);

  useEffect(() => {
    if (waiting) {
      hadWaiting.current = true;
      setCaughtUp(false);
      return;
    }
    if (!idle || !hadWaiting.current) return;
    hadWaiting.current = false;
    setCaughtUp(true);
    const timer = setTimeout(() => setCaughtUp(false), CAUGHT_UP_MS);
    return () => clearTimeout(timer);
  }, [waiting, idle]);

  const visible = message !== null || failed.length > 0 || caughtUp;
  return (
    <div
      className={visible ? styles.region : styles.empty}
      role="status"
      aria-live="polite"
      data-testid="pending-writes"
      data-deferred={deferred.length}
      data-failed={failed.length}
      data-retry-at={snapshot.retryAt ?? ''}
    >
      {message !== null && (
        <div className={styles.line} data-testid="pending-writes-waiting">
          <svg viewBox="0 0 16 16" aria-hidden="true" className={styles.icon}>
            <circle cx="8" cy="8" r="6" />
            <path d="M8 4.8V8l2.2 1.6" />
          </svg>
          <span className={styles.text}>{message}</span>
          <button
            type="button"
            className={styles.action}
            onClick={() => queue.retryNow()}
            data-testid="pending-writes-retry-now"
          >
            Retry now
          </button>
        </div>
      )}
      {failed.slice(0, FAILED_SHOWN).map((entry) => (
        <div key={entry.id} className={styles.line} data-testid="pending-writes-failed">
          <span className={styles.failedText}>
            Not saved — {describeWrite(entry.write, displayTitle(entry.write.movie.title))}:{' '}
            {entry.error}
          </span>
          <button type="button" className={styles.action} onClick={() => queue.retry(entry.id)}>
            Retry
          </button>
          <button type="button" className={styles.action} onClick={() => queue.dismiss(entry.id)}>
            Dismiss
          </button>
        </div>
      ))}
      {failed.length > FAILED_SHOWN && (
        <p className={styles.more}>and {failed.length - FAILED_SHOWN} more not saved</p>
      )}
      {message === null && failed.length === 0 && caughtUp && (
        <div className={styles.line} data-testid="pending-writes-caught-up">
          <svg viewBox="0 0 16 16" aria-hidden="true" className={styles.tick}>
            <path d="M3 8.5l3.2 3L13 4.5" />
          </svg>
          <span className={styles.text}>All changes saved</span>
        </div>
      )}
    </div>
  );
}
