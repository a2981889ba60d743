import type { RatingRecord } from '@marquee/movielens';
import {
  trainForServing,
  trainNcf,
  type EpochProgress,
  type NcfArtifact,
  type NcfConfig,
  type NcfTrainingMetrics,
  type ServingTraining,
} from '@marquee/ncf';
import type { LabConfig } from './lab-config';
import type { Progress } from './progress';
import { toTriples } from './triples';

export interface TrainedModel {
  artifact: NcfArtifact;
  metrics: NcfTrainingMetrics;
}

/**
 * Trains the NCF on the ratings (and the movies' feature tokens, which a config with
 * filmFeatures needs), reporting each epoch to progress.
 */
export async function trainOnRatings(
  ratings: readonly RatingRecord[],
  config: NcfConfig,
  progress: Progress,
  movieFeatures?: ReadonlyMap<number, readonly string[]>,
): Promise<TrainedModel> {
  progress.note(`training on ${ratings.length} ratings (${JSON.stringify(config)})`);
  const trained = await trainNcf(
    { ...toTriples(ratings), movieFeatures },
    config,
    epochReporter(progress),
  );
  noteTrained(progress, trained.metrics);
  return trained;
}

/**
 * What the trainer serves for these ratings (trainForServing): the network, and with the best
 * configuration the new-user stack, whose fold models train beside it.
 */
export async function trainServedOnRatings(
  ratings: readonly RatingRecord[],
  config: LabConfig,
  progress: Progress,
  movieFeatures?: ReadonlyMap<number, readonly string[]>,
): Promise<ServingTraining> {
  const newUserStack = config.name === 'best';
  progress.note(
    `training on ${ratings.length} ratings (${JSON.stringify(config.ncf)})` +
      (newUserStack ? ', and the new-user stack beside it' : ''),
  );
  const trained = await trainForServing({ ...toTriples(ratings), movieFeatures }, config.ncf, {
    newUserStack,
    onEpoch: epochReporter(progress),
    onNote: (note) => progress.note(`new-user stack: ${note}`),
    onRankingEpoch: (p) =>
      progress.note(
        `ranking epoch ${p.epoch}/${p.epochs}: loss ${p.loss.toFixed(1)}, ` +
          `validation nDCG@10 ${p.valNdcg.toFixed(4)}`,
      ),
    onNewUserInputPass: (p) =>
      progress.note(`new users' input pass ${p.pass}/${p.passes}: loss ${p.loss.toFixed(1)}`),
  });
  noteTrained(progress, trained.metrics);
  if (trained.ranking) {
    const r = trained.ranking;
    progress.note(
      `ranking network: ${r.epochs} epochs in ${r.seconds.toFixed(1)} s, kept epoch ${r.bestEpoch} ` +
        `(validation nDCG@10 ${r.valNdcg.toFixed(4)})`,
    );
  }
  const fit = trained.stackFit;
  if (fit) {
    progress.note(
      `new-user stack fitted in ${fit.seconds.toFixed(1)} s ` +
        `(${trained.parallel ? 'in a worker thread, beside the network' : 'after the network'}) ` +
        `on ${fit.users} users (${fit.examples.join('/')} examples per bucket), ` +
        `lambda ${fit.stack.lambda}: ` +
        JSON.stringify(fit.stack.weights.map((w) => w.map((v) => +v.toFixed(3)))),
    );
  }
  progress.note(
    `reason lists in ${trained.neighbourSeconds.toFixed(1)} s; ` +
      `ready to serve in ${trained.seconds.toFixed(1)} s`,
  );
  return trained;
}

function epochReporter(progress: Progress): (p: EpochProgress) => void {
  let last = performance.now();
  return (p) => {
    const now = performance.now();
    progress.epoch(p, (now - last) / 1000);
    last = now;
  };
}

function noteTrained(progress: Progress, metrics: NcfTrainingMetrics): void {
  progress.note(
    `trained ${metrics.epochs} epochs in ${metrics.trainSeconds.toFixed(1)} s ` +
      `on ${metrics.backend}; val RMSE ${metrics.valRmse.toFixed(4)}` +
      (metrics.averagedEpochs > 1 ? ` (weights of ${metrics.averagedEpochs} epochs averaged)` : ''),
  );
}
