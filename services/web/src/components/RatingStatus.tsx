import type { SaveStatus } from '../hooks/useRatingSaver';
import { RetryButton } from './RetryButton';
import styles from './RatingStatus.module.css';

interface RatingStatusProps {
  status: SaveStatus;
  value: number | null;
  onRetry: () => void;
}

/**
 * "Saving…", "Saved" with a tick, "Rating removed", "Waiting to save" (kept through an outage,
 * sent by itself later), or the gateway's refusal with a retry button.
 */
export function RatingStatus({ status, value, onRetry }: RatingStatusProps) {
  return (
    <p className={styles.status} aria-live="polite" data-testid="rating-status">
      {status.kind === 'saving' && <span className={styles.saving}>Saving…</span>}
      {status.kind === 'saved' && value !== null && (
        <span className={styles.saved} data-testid="rating-saved">
          <svg viewBox="0 0 16 16" aria-hidden="true" className={styles.tick}>
            <path d="M3 8.5l3.2 3L13 4.5" />
          </svg>
          Saved
        </span>
      )}
      {status.kind === 'saved' && value === null && (
        <span className={styles.saving}>Rating removed</span>
      )}
      {status.kind === 'pending' && (
        <span
          className={styles.pending}
          data-testid="rating-pending"
          title="Kept on this device and sent as soon as Marquee answers again"
        >
          <svg viewBox="0 0 16 16" aria-hidden="true" className={styles.clock}>
            <circle cx="8" cy="8" r="6" />
            <path d="M8 4.8V8l2.2 1.6" />
          </svg>
          <span className={styles.pendingText}>
            {value === null ? 'Removal waiting to save' : 'Waiting to save'}
          </span>
        </span>
      )}
      {status.kind === 'error' && (
        <span className={styles.error} role="alert" data-testid="rating-error">
          {status.message} <RetryButton onRetry={onRetry} className={styles.linkButton} />
        </span>
      )}
    </p>
  );
}
