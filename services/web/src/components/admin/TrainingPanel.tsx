'use client';

import { type FormEvent, useState } from 'react';
import { MAX_TRAIN_EPOCHS } from '@marquee/contracts';
import styles from './AdminConsole.module.css';
import { TrainingChart } from './TrainingChart';
import { TrainingProgress } from './TrainingProgress';
import type { TrainingView } from './training-state';
import type { StreamStatus } from './useTrainEvents';

interface TrainingPanelProps {
  view: TrainingView;
  stream: StreamStatus;
  starting: boolean;
  error: string | null;
  onStart: (epochs: number | undefined) => void;
}

const STREAM_LABEL: Record<StreamStatus, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
};

function Outcome({ view }: { view: TrainingView }) {
  if (view.phase === 'failed') {
    return (
      <p className={styles.error} role="alert">
        The retrain failed: {view.failedReason || 'no reason was given'}.
      </p>
    );
  }
  if (view.phase !== 'completed') return null;
  const result = view.result;
  if (result === null) return <p className={styles.muted}>The retrain finished.</p>;
  return (
    <p className={styles.outcome} data-testid="training-outcome">
      <strong>Version {result.modelVersion}</strong> is ready: validation RMSE{' '}
      {result.metrics.valRmse.toFixed(4)}.{' '}
      {result.activated ? 'It is now the active version' : 'It was kept as READY, not activated'}
      {result.activationReason ? ` (${result.activationReason})` : ''}.
    </p>
  );
}

/** Start a retrain and watch it: progress over epochs and the loss / RMSE curves, live. */
export function TrainingPanel({ view, stream, starting, error, onStart }: TrainingPanelProps) {
  const [epochs, setEpochs] = useState('');
  const busy = view.phase === 'queued' || view.phase === 'running';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onStart(epochs === '' ? undefined : Number(epochs));
  };
  return (
    <section className={styles.panel} aria-labelledby="training-title">
      <div className={styles.panelHead}>
        <h2 id="training-title" className={styles.panelTitle}>
          Training
        </h2>
        <span className={styles.stream} data-status={stream} data-testid="stream-status">
          <span className={styles.streamDot} aria-hidden="true" />
          {STREAM_LABEL[stream]}
        </span>
      </div>
      <div className={styles.trainingBody}>
        <div className={styles.controls}>
          <form className={styles.trainForm} onSubmit={submit}>
            <label className={styles.field}>
              <span>Epochs (optional)</span>
              <input
                type="number"
                inputMode="numeric"
                min={1}
                max={MAX_TRAIN_EPOCHS}
                step={1}
                placeholder="trainer default"
                value={epochs}
                onChange={(e) => setEpochs(e.target.value)}
              />
            </label>
            <button type="submit" className="button button-primary" disabled={starting || busy}>
              {starting ? 'Starting…' : busy ? 'Retrain running' : 'Start retrain'}
            </button>
          </form>
          {error !== null && (
            <p className={styles.error} role="alert">
              {error}
            </p>
          )}
          <div aria-live="polite">
            <TrainingProgress view={view} />
            <Outcome view={view} />
          </div>
          {view.jobId !== null && <p className={styles.jobId}>Train job {view.jobId}</p>}
        </div>
        <TrainingChart
          points={view.points}
          plannedEpochs={view.plannedEpochs}
          emptyMessage={
            view.phase === 'idle'
              ? 'Start a retrain to watch its curves here'
              : 'The curves appear as epochs finish'
          }
        />
      </div>
    </section>
  );
}
