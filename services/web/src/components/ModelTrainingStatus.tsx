import type { ModelTraining } from '../hooks/useModelTraining';
import { ProgressBar } from './ProgressBar';
import styles from './ModelTrainingStatus.module.css';

/** What the bar says, in words: "Training the first model: epoch 3 of 12" and the like. */
export function trainingLabel(training: ModelTraining): string | null {
  switch (training.kind) {
    case 'queued':
      return 'Training the first model: waiting for the trainer…';
    case 'training':
      if (training.epoch === 0) return 'Training the first model: reading the ratings…';
      if (training.epoch === training.totalEpochs) {
        return `Training the first model: epoch ${training.epoch} of ${training.epoch} done, saving it…`;
      }
      return `Training the first model: epoch ${training.epoch} of ${training.totalEpochs ?? '?'}`;
    case 'failed':
      return (
        `The last training run (v${training.version}) failed` +
        `${training.reason ? `: ${training.reason}` : ''}. An operator has to start another.`
      );
    case 'none':
      return 'Training has not started yet.';
    case 'unknown':
      return null;
  }
}

/**
 * The training line of the "no model yet" notice: a real progress bar over epochs while the
 * trainer runs, a sweeping one while the job waits or nothing is known yet.
 */
export function ModelTrainingStatus({ training }: { training: ModelTraining }) {
  const label = trainingLabel(training);
  const running = training.kind === 'training';
  const percent = running ? training.percent : 0;
  return (
    <div className={styles.wrap}>
      {label !== null && (
        <p className={styles.label} data-testid="training-status">
          {label}
        </p>
      )}
      {running ? (
        <div className={styles.row}>
          <ProgressBar
            label="Training progress"
            value={percent}
            valueText={`${percent}%`}
            trackClassName={styles.track}
            fillClassName={styles.fill}
            testId="training-progressbar"
          />
          <span className={styles.percent} aria-hidden="true">
            {percent}%
          </span>
        </div>
      ) : (
        training.kind !== 'failed' &&
        training.kind !== 'none' && (
          <div className={styles.indeterminate} aria-hidden="true">
            <span />
          </div>
        )
      )}
    </div>
  );
}
