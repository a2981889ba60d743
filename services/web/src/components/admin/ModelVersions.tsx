import type { ModelVersionSummary } from '@marquee/contracts';
import styles from './ModelVersions.module.css';

interface ModelVersionsProps {
  versions: ModelVersionSummary[];
  /** The version whose activation is in flight, if any. */
  activating: number | null;
  onActivate: (version: number) => void;
}

const dateTime = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
});
const count = new Intl.NumberFormat('en-GB');

function formatDate(iso: string | null): string {
  return iso === null ? '–' : dateTime.format(new Date(iso));
}

function statusLabel(v: ModelVersionSummary): string {
  return v.active ? 'Active' : v.status.charAt(0) + v.status.slice(1).toLowerCase();
}

/** Every model version, newest first: figures, data, status; READY ones can be activated. */
export function ModelVersions({ versions, activating, onActivate }: ModelVersionsProps) {
  if (versions.length === 0) {
    return <p className={styles.empty}>No model version yet: the first training creates one.</p>;
  }
  return (
    <div className={styles.scroller}>
      <table className={styles.table}>
        <caption className="visually-hidden">Model versions, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Status</th>
            <th scope="col" className={styles.num}>
              Validation RMSE
            </th>
            <th scope="col" className={styles.num}>
              New-user RMSE
            </th>
            <th scope="col" className={styles.num}>
              Train loss
            </th>
            <th scope="col">Trained</th>
            <th scope="col">Data snapshot</th>
            <th scope="col" className={styles.action}>
              <span className="visually-hidden">Action</span>
            </th>
          </tr>
        </thead>
        {versions.map((v) => {
          const m = v.metrics;
          const ratings = v.dataSnapshot?.ratings ?? m?.ratings;
          const note = v.failureReason
            ? `Failed: ${v.failureReason}`
            : v.activationReason
              ? `Activation: ${v.activationReason}`
              : null;
          // One tbody per version: its figures, then the note on why it is (not) active.
          return (
            <tbody
              key={v.version}
              className={v.active ? styles.activeGroup : undefined}
              data-testid="model-version-row"
              data-version={v.version}
              data-status={v.status}
            >
              <tr className={note ? styles.withNote : undefined}>
                <th scope="row" className={styles.version}>
                  v{v.version}
                </th>
                <td data-label="Status">
                  <span className={`${styles.badge} ${styles[v.active ? 'ACTIVE' : v.status]}`}>
                    {statusLabel(v)}
                  </span>
                </td>
                <td className={styles.num} data-label="Validation RMSE">
                  {m ? m.valRmse.toFixed(4) : '–'}
                </td>
                <td className={styles.num} data-label="New-user RMSE">
                  {m?.newUser ? m.newUser.rmse.toFixed(4) : '–'}
                </td>
                <td className={styles.num} data-label="Train loss">
                  {m ? m.trainLoss.toFixed(4) : '–'}
                </td>
                <td data-label="Trained">
                  {formatDate(v.createdAt)}
                  {m && (
                    <span className={styles.sub}>
                      {m.epochs} epochs · {m.trainSeconds.toFixed(1)} s · {m.backend}
                    </span>
                  )}
                </td>
                <td data-label="Data snapshot">
                  {ratings !== undefined ? (
                    <>
                      {count.format(ratings)} ratings
                      {m && (
                        <span className={styles.sub}>
                          {count.format(m.users)} users · {count.format(m.movies)} films
                        </span>
                      )}
                      {v.dataSnapshot?.newestRatedAt && (
                        <span className={styles.sub}>
                          newest {formatDate(v.dataSnapshot.newestRatedAt)}
                        </span>
                      )}
                    </>
                  ) : (
                    '–'
                  )}
                </td>
                <td className={styles.action}>
                  {v.active ? (
                    <span className={styles.serving}>Serving</span>
                  ) : v.status === 'READY' ? (
                    <button
                      type="button"
                      className="button button-secondary"
                      onClick={() => onActivate(v.version)}
                      disabled={activating !== null}
                      aria-label={`Activate version ${v.version}`}
                    >
                      {activating === v.version ? 'Activating…' : 'Activate'}
                    </button>
                  ) : null}
                </td>
              </tr>
              {note && (
                <tr className={styles.noteRow}>
                  <td colSpan={8}>{note}</td>
                </tr>
              )}
            </tbody>
          );
        })}
      </table>
    </div>
  );
}
