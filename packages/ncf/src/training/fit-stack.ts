import { join } from 'node:path';
import type { NcfConfig } from '../format/config';
import { drawUsers, revealRatings } from './new-user-split';
import { createRandom } from '../format/random';
import { buildReasonNeighbours } from './reason-neighbours';
import { NcfScorer } from '../serving/scorer';
import { trainNcf } from './train';
import { groupRows, selectRows, type TrainingTriples } from './triples';
import { MovieRatingStats, type MovieRatings } from '../serving/movie-rating-stats';
import { RidgeAccumulator } from './ridge';
import { STACK_FEATURES, type NewUserStack } from '../format/new-user-stack';
import {
  STACK_BUCKET_EDGES,
  StackFeatureSource,
  type IndexedRating,
  type StackMovieData,
} from '../serving/stack';
import { chooseShrinkage } from '../serving/user-offset';
import { runWorkerTask, workerScriptExists } from './worker-task';

export interface StackFitOptions {
  /** Ratings each simulated new user reveals (the product asks for at least 5, most give ~10). */
  given: number;
  /** Independent reveal draws per user: more examples at the cost of more fold-ins. */
  draws: number;
  /** With fewer eligible users no stack is fitted (its weights would be noise). */
  minUsers: number;
  /** Ridge on the weights' distance from the plain NCF (beta 1, the rest 0). */
  ridge: number;
  /** Groups the users are cut into; one fold model is trained without each group. */
  folds: number;
  /** Epochs each fold model trains at most (they fit the stack as well as full ones). */
  foldEpochs: number;
}

export const DEFAULT_STACK_FIT: StackFitOptions = Object.freeze({
  given: 10,
  draws: 3,
  minUsers: 20,
  ridge: 1,
  folds: 3,
  foldEpochs: 3,
});

/** A fitted stack without the item means, which the served model's movie order decides. */
export type FittedStack = Omit<NewUserStack, 'itemMeans'>;

export interface StackFit {
  stack: FittedStack;
  /** Users that played new users (across the folds). */
  users: number;
  /** Examples (hidden ratings x draws) per bucket. */
  examples: number[];
  seconds: number;
}

interface Example {
  /** The fold's movies, as a new user of that fold model would see them. */
  source: StackFeatureSource;
  revealed: IndexedRating[];
  /** The user's other ratings: what the fit predicts. */
  targets: IndexedRating[];
  /** The fold model's prediction for each target. */
  ncf: Float32Array;
}

/**
 * Fits the new-user stack (see NewUserStack) for models trained by trainNcf with `config` on
 * `data`, on users none of whose ratings the predicting model saw, as a real new user's. The
 * users are cut into `folds` groups (drawUsers' seeded order, dealt round-robin); for each group
 * a fold model (trainNcf, at most foldEpochs epochs, its own seed) is trained on everyone else's
 * ratings. Each group member with more than `given` ratings of the fold model's movies reveals
 * `given` random ones (revealRatings, `draws` times), is folded into the fold model, and their
 * other ratings are the examples. Item means, counts and neighbour lists for an example come
 * from its fold model's training ratings; userOffset's lambda is chosen on the examples
 * (chooseShrinkage). Null when fewer than minUsers users have enough ratings.
 */
export async function fitNewUserStack(
  data: TrainingTriples,
  config: NcfConfig,
  options: StackFitOptions = DEFAULT_STACK_FIT,
  onFoldModel?: (note: string) => void,
): Promise<StackFit | null> {
  const started = performance.now();
  const rowsByUser = groupRows(data.userIds);
  const eligible = (user: number) => (rowsByUser.get(user) as number[]).length > options.given;
  if ([...rowsByUser.keys()].filter(eligible).length < options.minUsers) return null;
  const userIds = drawUsers(rowsByUser.keys(), createRandom(config.seed + 4242));

  const random = createRandom(config.seed + 7717);
  const examples: Example[] = [];
  let users = 0;
  for (let k = 0; k < options.folds; k++) {
    const group = userIds.filter((_, i) => i % options.folds === k).sort((a, b) => a - b);
    const held = new Set(group);
    const foldData = selectRows(data, (row) => !held.has(data.userIds[row] as number));
    const foldConfig: NcfConfig = {
      ...config,
      hiddenUnits: [...config.hiddenUnits],
      maxEpochs: Math.min(config.maxEpochs, options.foldEpochs),
      seed: config.seed + 100 * (k + 1),
    };
    // Averaging needs epochs past the best one, which a short fold model does not run.
    delete foldConfig.averageEpochs;
    const { artifact: model, metrics } = await trainNcf(foldData, foldConfig);
    onFoldModel?.(
      `fold model ${k + 1}/${options.folds}: ${metrics.epochs} epochs in ` +
        `${metrics.trainSeconds.toFixed(1)} s, val RMSE ${metrics.valRmse.toFixed(4)}`,
    );
    const index = new Map(model.movieIds.map((id, i) => [id, i]));
    const source = new StackFeatureSource(stackMovieData(foldData, model.movieIds));
    const scorer = NcfScorer.fromArtifact(model, { foldIn: 'map', engine: 'js' });
    try {
      for (const user of group) {
        const own: IndexedRating[] = [];
        for (const row of rowsByUser.get(user) as number[]) {
          const i = index.get(data.movieIds[row] as number);
          if (i !== undefined) own.push({ index: i, rating: data.ratings[row] as number });
        }
        if (own.length <= options.given) continue;
        users++;
        for (let d = 0; d < options.draws; d++) {
          const { revealed, hidden: targets } = revealRatings(own, options.given, random);
          const vector = scorer.foldIn(
            revealed.map(({ index: i, rating }) => ({
              movieId: model.movieIds[i] as number,
              rating,
            })),
          );
          const ncf = scorer.scoreAt(
            vector,
            Int32Array.from(targets, (t) => t.index),
          );
          examples.push({ source, revealed, targets, ncf });
        }
      }
    } finally {
      scorer.dispose();
    }
  }
  if (users < options.minUsers) return null;

  // userOffset's shrinkage: the lambda whose userOffset predicts the examples best.
  const lambda = chooseShrinkage((candidate) => {
    let sse = 0;
    for (const { source, revealed, targets } of examples) {
      source.load(revealed, candidate);
      for (const { index, rating } of targets) sse += (source.userOffset(index) - rating) ** 2;
    }
    return sse;
  });
  const buckets = STACK_BUCKET_EDGES.map(() => new RidgeAccumulator(STACK_FEATURES));
  const row = new Float64Array(STACK_FEATURES);
  for (const { source, revealed, targets, ncf } of examples) {
    source.load(revealed, lambda);
    const bucketOf = source.bucketsFor(STACK_BUCKET_EDGES);
    for (const [k, { index, rating }] of targets.entries()) {
      const predicted = ncf[k] as number;
      const bucket = bucketOf[index] as number;
      // Fitting rating - ncf makes the ridge pull toward the plain NCF, not toward rbar.
      (buckets[bucket] as RidgeAccumulator).add(
        source.featureRow(index, predicted, row),
        rating - predicted,
      );
    }
  }
  const weights = buckets.map((b) => {
    const w = Array.from(b.solve(options.ridge));
    w[1] = (w[1] as number) + 1;
    return w;
  });
  return {
    stack: { foldIn: 'map', lambda, bucketEdges: [...STACK_BUCKET_EDGES], weights },
    users,
    examples: buckets.map((b) => b.rows),
    seconds: (performance.now() - started) / 1000,
  };
}

/**
 * What the stack reads of some ratings for a model's movies (by its index): each movie's mean
 * (the overall mean for a movie nobody rated), rating count and co-rating neighbour list.
 */
export function stackMovieData(
  triples: TrainingTriples,
  modelMovieIds: readonly number[],
): StackMovieData {
  const { movieMeans, counts } = meansAndCounts(triples, modelMovieIds);
  return { movieMeans, counts, neighbours: buildReasonNeighbours(triples, modelMovieIds) };
}

/** Each model movie's mean rating (the overall mean for a movie nobody rated) and rating count. */
export function meansAndCounts(
  triples: MovieRatings,
  modelMovieIds: readonly number[],
): { movieMeans: Float64Array; counts: Int32Array } {
  const stats = new MovieRatingStats(triples);
  return {
    movieMeans: Float64Array.from(modelMovieIds, (id) => stats.movieMean(id)),
    counts: Int32Array.from(modelMovieIds, (id) => stats.itemCount(id)),
  };
}

/** What fitNewUserStackInWorker hands its worker. */
export interface StackFitRequest {
  data: TrainingTriples;
  config: NcfConfig;
  options: StackFitOptions;
}

const WORKER_SCRIPT = join(__dirname, 'stack-fit-worker.js');

/** Whether fitNewUserStackInWorker can use a worker thread (see workerScriptExists). */
export const canFitInWorker = (): boolean => workerScriptExists(WORKER_SCRIPT);

/**
 * fitNewUserStack in a worker thread, so that its fold models train on the other core while the
 * caller trains the served network: the same result (the backend is deterministic), in about
 * half the time on two cores.
 */
export function fitNewUserStackInWorker(
  request: StackFitRequest,
  onNote?: (note: string) => void,
  signal?: AbortSignal,
  script: string = WORKER_SCRIPT,
): Promise<StackFit | null> {
  return runWorkerTask<StackFitRequest, StackFit | null>(script, request, {
    task: 'new-user stack fit',
    onNote,
    signal,
  });
}
