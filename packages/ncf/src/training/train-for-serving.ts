import {
  DEFAULT_STACK_FIT,
  canFitInWorker,
  fitNewUserStack,
  fitNewUserStackInWorker,
  type StackFit,
  type StackFitOptions,
} from './fit-stack';
import type { NcfConfig } from '../format/config';
import { addRankingNetwork, type RankingEpoch, type RankingTrainingMetrics } from './ranking-train';
import type { NewUserInputPass } from './new-user-input';
import {
  buildMovieNeighboursInWorker,
  buildTimedNeighbours,
  canBuildNeighboursInWorker,
  type MovieNeighboursRequest,
} from './movie-neighbours-thread';
import { REASON_NEIGHBOURS } from './reason-neighbours';
import { servingArtifact, type ServingArtifact } from './serving-artifact';
import { trainNcf, type EpochProgress, type NcfTrainingMetrics } from './train';
import type { TrainingTriples } from './triples';

export interface ServingTrainingOptions {
  /** Fit the new-user stack (the best configuration); the faithful model is served without. */
  newUserStack: boolean;
  stackFit?: StackFitOptions;
  /** Each epoch of the served network. */
  onEpoch?: (progress: EpochProgress) => void | Promise<void>;
  /** The stack fit's progress (one line per fold model). */
  onNote?: (note: string) => void;
  /** Each epoch of the ranking network, when the config has one. */
  onRankingEpoch?: (progress: RankingEpoch) => void | Promise<void>;
  /** Each pass of the ranking network's new users' input fit, after the network. */
  onNewUserInputPass?: (progress: NewUserInputPass) => void | Promise<void>;
}

export interface ServingTraining extends ServingArtifact {
  /** The served network's training. */
  metrics: NcfTrainingMetrics;
  /** The ranking network's training; null when the config has none. */
  ranking: RankingTrainingMetrics | null;
  /** The new-user stack's fit; null when not asked for or too few users qualified. */
  stackFit: StackFit | null;
  /** True when the stack's fold models trained in a worker thread beside the network. */
  parallel: boolean;
  /** Wall-clock seconds for all of it: network, stack and reason lists. */
  seconds: number;
}

/**
 * Everything the trainer does to turn ratings into a servable model: the network (trainNcf), the
 * ranking network after it (addRankingNetwork) when the config has one,
 * the new-user stack (fitNewUserStack, whose fold models train in a worker thread on the other
 * core when the package runs from its build, else after the network) and the reason lists (their
 * co-rating neighbours likewise built in a worker thread from the start, else at the end).
 */
export async function trainForServing(
  data: TrainingTriples,
  config: NcfConfig,
  options: ServingTrainingOptions,
): Promise<ServingTraining> {
  const started = performance.now();
  const fitOptions = options.stackFit ?? DEFAULT_STACK_FIT;
  const parallel = options.newUserStack && canFitInWorker();
  // Ends the workers when anything fails; once they have answered it changes nothing.
  const cancel = new AbortController();
  try {
    const background = parallel
      ? fitNewUserStackInWorker(
          { data, config, options: fitOptions },
          options.onNote,
          cancel.signal,
        )
      : null;
    const reasonRequest: MovieNeighboursRequest = {
      triples: { userIds: data.userIds, movieIds: data.movieIds, ratings: data.ratings },
      options: { neighbours: REASON_NEIGHBOURS },
    };
    const reasonsInWorker = canBuildNeighboursInWorker()
      ? buildMovieNeighboursInWorker(reasonRequest, cancel.signal)
      : null;
    // Observed at once, so a failure while the network trains is not an unhandled rejection.
    background?.catch(() => undefined);
    reasonsInWorker?.catch(() => undefined);

    const trained = await trainNcf(data, config, options.onEpoch);
    let ranking: RankingTrainingMetrics | null = null;
    let model = trained.artifact;
    if (config.ranking) {
      const ranked = await addRankingNetwork(
        model,
        data,
        { ...config, ranking: config.ranking },
        options.onRankingEpoch,
        options.onNewUserInputPass,
      );
      model = ranked.artifact;
      ranking = ranked.metrics;
    }
    let stackFit: StackFit | null = null;
    if (background) stackFit = await background;
    else if (options.newUserStack) {
      stackFit = await fitNewUserStack(data, config, fitOptions, options.onNote);
    }
    const reasons = reasonsInWorker ? await reasonsInWorker : buildTimedNeighbours(reasonRequest);
    const served = servingArtifact(model, data, stackFit, reasons);
    return {
      ...served,
      metrics: trained.metrics,
      ranking,
      stackFit,
      parallel,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    cancel.abort();
  }
}
