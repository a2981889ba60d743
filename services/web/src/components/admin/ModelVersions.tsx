import { INTERRUPTED_REASON, type ModelVersionSummary } from '@marquee/contracts';
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

/** A figure to four decimals, or the dash of a figure the version does not have. */
function figure(value: number | undefined): string {
  return value === undefined ? '–' : value.toFixed(4);
}

function statusLabel(v: ModelVersionSummary): string {
  if (v.active) return 'Active';
  if (v.status === 'FAILED' && v.failureReason?.startsWith(INTERRUPTED_REASON))
    return 'Interrupted';
  return v.status.charAt(0) + v.status.slice(1).toLowerCase();
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
              New-user nDCG@10 <span className={styles.unit}>all / liked</span>
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
          const newUser = m?.newUser;
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
                  {figure(newUser?.rmse)}
                </td>
                <td className={styles.num} data-label="New-user nDCG@10 (all / liked)">
                  {newUser?.ndcg10 === undefined ? (
                    '–'
                  ) : (
                    <>
                      {figure(newUser.ndcg10)} / {figure(newUser.ndcg10Liked)}
                      <span className={styles.sub}>
                        {newUser.precision10 !== undefined &&
                          `P@10 ${newUser.precision10.toFixed(4)} · `}
                        {count.format(newUser.users)} users
                      </span>
                    </>
                  )}
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
                  {m?.ranking && (
                    <span className={styles.sub}>
                      ranking: val nDCG@10 {m.ranking.valNdcg.toFixed(4)} · epoch{' '}
                      {m.ranking.bestEpoch} of {m.ranking.epochs}
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
                  <td colSpan={9}>{note}</td>
                </tr>
              )}
            </tbody>
          );
        })}
      </table>
    </div>
  );
}
