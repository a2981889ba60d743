import type { RatingRecord } from '@marquee/movielens';
import { trainNcf, type NcfArtifact, type NcfConfig, type NcfTrainingMetrics } from '@marquee/ncf';
import type { Progress } from './progress';
import { toTriples } from './triples';

export interface TrainedModel {
  artifact: NcfArtifact;
  metrics: NcfTrainingMetrics;
}

/**
 * Trains the NCF on the ratings (and the films' feature tokens, which a config with
 * filmFeatures needs), reporting each epoch to progress.
 */
export async function trainOnRatings(
  ratings: readonly RatingRecord[],
  config: NcfConfig,
  progress: Progress,
  filmFeatures?: ReadonlyMap<number, readonly string[]>,
): Promise<TrainedModel> {
  progress.note(`training on ${ratings.length} ratings (${JSON.stringify(config)})`);
  let last = performance.now();
  const trained = await trainNcf({ ...toTriples(ratings), filmFeatures }, config, (p) => {
    const now = performance.now();
    progress.epoch(p, (now - last) / 1000);
    last = now;
  });
  progress.note(
    `trained ${trained.metrics.epochs} epochs in ${trained.metrics.trainSeconds.toFixed(1)} s ` +
      `on ${trained.metrics.backend}; best val RMSE ${trained.metrics.valRmse.toFixed(4)}`,
  );
  return trained;
}
