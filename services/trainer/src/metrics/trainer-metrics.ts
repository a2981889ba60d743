import { Inject, Injectable } from '@nestjs/common';
import { METRIC_PREFIX, METRICS_REGISTRY } from '@marquee/nest-common';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** How a train job ended. */
export type TrainOutcome = 'ok' | 'failed';

/** What the trainer reports after each epoch. */
export interface EpochFigures {
  epoch: number;
  valRmse: number;
}

/** What the trainer reports after each epoch of the ranking network. */
export interface RankingEpochFigures {
  valNdcg: number;
}

@Injectable()
export class TrainerMetrics {
  readonly duration: Histogram<'outcome'>;
  readonly jobs: Counter<'outcome'>;
  readonly inProgress: Gauge;
  readonly epoch: Gauge;
  readonly lastValRmse: Gauge;
  readonly lastValNdcg: Gauge;
  readonly samplesPerSecond: Gauge;
  private epochStarted = process.hrtime.bigint();

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    const registers = [registry];
    this.duration = new Histogram({
      name: `${METRIC_PREFIX}trainer_training_duration_seconds`,
      help: 'Wall time of a train job: reading ratings, fitting, publishing',
      labelNames: ['outcome'],
      buckets: [1, 5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600],
      registers,
    });
    this.jobs = new Counter({
      name: `${METRIC_PREFIX}trainer_train_jobs_total`,
      help: 'Train jobs finished, by outcome',
      labelNames: ['outcome'],
      registers,
    });
    this.inProgress = new Gauge({
      name: `${METRIC_PREFIX}trainer_training_in_progress`,
      help: '1 while a train job runs',
      registers,
    });
    this.epoch = new Gauge({
      name: `${METRIC_PREFIX}trainer_epoch`,
      help: 'Last finished epoch of the current (or last) training',
      registers,
    });
    this.lastValRmse = new Gauge({
      name: `${METRIC_PREFIX}trainer_last_val_rmse`,
      help: 'Validation RMSE after the last finished epoch',
      registers,
    });
    this.lastValNdcg = new Gauge({
      name: `${METRIC_PREFIX}trainer_last_val_ndcg`,
      help: 'Validation nDCG@10 of the ranking network after its last finished epoch',
      registers,
    });
    this.samplesPerSecond = new Gauge({
      name: `${METRIC_PREFIX}trainer_samples_per_second`,
      help: 'Training ratings processed per second in the last epoch (validation included in the time)',
      registers,
    });
  }

  /** Called right before fitting starts; the first epoch is timed from here. */
  fitStarted(): void {
    this.epoch.set(0);
    this.epochStarted = process.hrtime.bigint();
  }

  epochDone(figures: EpochFigures, trainSamples: number): void {
    const now = process.hrtime.bigint();
    const seconds = Number(now - this.epochStarted) / 1e9;
    this.epochStarted = now;
    this.epoch.set(figures.epoch);
    this.lastValRmse.set(figures.valRmse);
    if (seconds > 0) this.samplesPerSecond.set(trainSamples / seconds);
  }

  /** After each epoch of the ranking network, trained once the rating network is done. */
  rankingEpochDone(figures: RankingEpochFigures): void {
    this.lastValNdcg.set(figures.valNdcg);
  }
}
