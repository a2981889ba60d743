import { type TrainingView, percentDone } from './training-state';
import { ProgressBar } from '../ProgressBar';
import styles from './TrainingProgress.module.css';

/** "Epoch 3 of 20" and the like: where the job is, in words. */
export function progressLabel(view: TrainingView): string {
  const last = view.points.at(-1);
  switch (view.phase) {
    case 'idle':
      return 'No retrain running';
    case 'queued':
      return 'Waiting for the trainer…';
    case 'running':
      if (!last) return view.plannedEpochs ? 'Reading ratings, first epoch…' : 'Starting…';
      return last.epoch === view.plannedEpochs
        ? `Epoch ${last.epoch} of ${last.epoch}: evaluating and saving the model…`
        : `Epoch ${last.epoch} of ${view.plannedEpochs ?? '?'}`;
    case 'completed':
      return last && view.plannedEpochs && last.epoch < view.plannedEpochs
        ? `Done: stopped early after epoch ${last.epoch} of ${view.plannedEpochs} (no further improvement)`
        : `Done${last ? `: ${last.epoch} epochs` : ''}`;
    case 'failed':
      return 'Failed';
  }
}

/** The progress bar over epochs; 100% once the job completes, even when it stopped early. */
export function TrainingProgress({ view }: { view: TrainingView }) {
  const percent = percentDone(view);
  const label = progressLabel(view);
  return (
    <div className={styles.wrap} data-phase={view.phase}>
      <div className={styles.row}>
        <span className={styles.label} data-testid="training-progress-label">
          {label}
        </span>
        <span className={styles.percent} aria-hidden="true">
          {percent}%
        </span>
      </div>
      <ProgressBar
        label="Training progress"
        value={percent}
        valueText={`${percent}%: ${label}`}
        trackClassName={styles.track}
        fillClassName={`${styles.fill} ${view.phase === 'queued' ? styles.waiting : ''}`}
        fillPercent={view.phase === 'queued' ? 100 : undefined}
      />
    </div>
  );
}
