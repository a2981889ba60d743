import type { NcfArtifact } from '../artifact';
import { createRandom, shuffleInPlace } from '../random';
import { buildReasonNeighbours } from '../reason-neighbours';
import { NcfScorer } from '../scorer';
import { trainingSplit } from '../split';
import type { TrainingTriples } from '../triples';
import { FilmRatingStats, type FilmRatings } from './film-rating-stats';
import { RidgeAccumulator } from './ridge';
import {
  STACK_BUCKET_EDGES,
  STACK_FEATURES,
  StackFeatureSource,
  stackBucket,
  type IndexedRating,
  type NewUserStack,
} from './stack';
import { LAMBDA_GRID } from './user-offset';

export interface StackFitOptions {
  /** Ratings each simulated new user reveals (the product asks for at least 5, most give ~10). */
  given: number;
  /** Independent reveal draws per user: more examples at the cost of more fold-ins. */
  draws: number;
  /** With fewer eligible users no stack is fitted (its weights would be noise). */
  minUsers: number;
  /** Ridge on the weights' distance from the plain NCF (beta 1, the rest 0). */
  ridge: number;
}

export const DEFAULT_STACK_FIT: StackFitOptions = Object.freeze({
  given: 10,
  draws: 3,
  minUsers: 20,
  ridge: 1,
});

export interface StackFit {
  stack: NewUserStack;
  /** Training users that played new users. */
  users: number;
  /** Examples (validation ratings x draws) per bucket. */
  examples: number[];
  seconds: number;
}

interface Example {
  revealed: IndexedRating[];
  /** The user's validation ratings: what the fit predicts. */
  targets: IndexedRating[];
}

/**
 * Fits the new-user stack (see NewUserStack) for a model trained by trainNcf on `data`, with no
 * rating the model was fitted on as a target: trainNcf kept a validation share of the ratings
 * out (trainingSplit). Each training user with at least `given` ratings in the fitted share and
 * one in the validation share reveals `given` random ratings of the fitted share, is folded in
 * by the model, and their validation ratings are the examples. Item means, counts and
 * neighbour lists come from the fitted share only, as a new user's would come from all of
 * training. The stack returned carries the item means of all the data, for serving.
 * Null when fewer than minUsers users qualify.
 */
export function fitNewUserStack(
  model: NcfArtifact,
  data: TrainingTriples,
  options: StackFitOptions = DEFAULT_STACK_FIT,
): StackFit | null {
  const started = performance.now();
  const movieIndex = new Map(model.movieIds.map((id, i) => [id, i]));
  const indexOf = (row: number): number => {
    const i = movieIndex.get(data.movieIds[row] as number);
    if (i === undefined) throw new RangeError(`film ${data.movieIds[row]} is not in the model`);
    return i;
  };
  const { train, validation } = trainingSplit(data.ratings.length, model.config);
  const examples = drawExamples(data, train, validation, indexOf, options, model.config.seed);
  const users = examples.length / options.draws;
  if (users < options.minUsers) return null;

  const fitted = subset(data, train);
  const source = new StackFeatureSource({
    ...meansAndCounts(fitted, model.movieIds),
    neighbours: buildReasonNeighbours(fitted, model.movieIds),
  });
  const lambda = chooseLambda(examples, source);
  const buckets = STACK_BUCKET_EDGES.map(() => new RidgeAccumulator(STACK_FEATURES));
  const row = new Float64Array(STACK_FEATURES);
  // The typed-array engine scores just the few films a user has validation ratings for.
  const scorer = NcfScorer.fromArtifact(model, { foldIn: 'map', engine: 'js' });
  try {
    for (const { revealed, targets } of examples) {
      const asRated = revealed.map(({ index, rating }) => ({
        movieId: model.movieIds[index] as number,
        rating,
      }));
      const scores = scorer.scoreAt(
        scorer.foldIn(asRated),
        Int32Array.from(targets, (t) => t.index),
      );
      source.load(revealed, lambda);
      for (const [k, { index, rating }] of targets.entries()) {
        const ncf = scores[k] as number;
        const bucket = stackBucket(source.films.counts[index] as number);
        // Fitting rating - ncf makes the ridge pull toward the plain NCF, not toward rbar.
        (buckets[bucket] as RidgeAccumulator).add(source.featureRow(index, ncf, row), rating - ncf);
      }
    }
  } finally {
    scorer.dispose();
  }
  const weights = buckets.map((b) => {
    const w = Array.from(b.solve(options.ridge));
    w[1] = (w[1] as number) + 1;
    return w;
  });
  const served = meansAndCounts(data, model.movieIds);
  return {
    stack: {
      foldIn: 'map',
      lambda,
      bucketEdges: [...STACK_BUCKET_EDGES],
      weights,
      itemMeans: Array.from(served.itemMeans, (m) => Math.round(m * 1e5) / 1e5),
    },
    users,
    examples: buckets.map((b) => b.rows),
    seconds: (performance.now() - started) / 1000,
  };
}

/** Per user with enough ratings on both sides, `draws` reveals of `given` fitted-share ratings. */
function drawExamples(
  data: TrainingTriples,
  train: Int32Array,
  validation: Int32Array,
  indexOf: (row: number) => number,
  options: StackFitOptions,
  seed: number,
): Example[] {
  const group = (rows: Int32Array) => {
    const byUser = new Map<number, IndexedRating[]>();
    for (const row of rows) {
      const user = data.userIds[row] as number;
      let list = byUser.get(user);
      if (!list) byUser.set(user, (list = []));
      list.push({ index: indexOf(row), rating: data.ratings[row] as number });
    }
    return byUser;
  };
  const fitted = group(train);
  const held = group(validation);
  const random = createRandom(seed + 7717);
  const examples: Example[] = [];
  for (const user of [...held.keys()].sort((a, b) => a - b)) {
    const own = fitted.get(user);
    if (!own || own.length < options.given) continue;
    const targets = held.get(user) as IndexedRating[];
    for (let d = 0; d < options.draws; d++) {
      examples.push({
        revealed: shuffleInPlace([...own], random).slice(0, options.given),
        targets,
      });
    }
  }
  return examples;
}

/** The lambda of LAMBDA_GRID whose userOffset predicts the examples best. */
function chooseLambda(examples: readonly Example[], source: StackFeatureSource): number {
  let best = { lambda: LAMBDA_GRID[0] as number, sse: Infinity };
  for (const lambda of LAMBDA_GRID) {
    let sse = 0;
    for (const { revealed, targets } of examples) {
      source.load(revealed, lambda);
      for (const { index, rating } of targets) sse += (source.userOffset(index) - rating) ** 2;
    }
    if (sse < best.sse) best = { lambda, sse };
  }
  return best.lambda;
}

function subset(data: TrainingTriples, rows: Int32Array): TrainingTriples {
  return {
    userIds: Int32Array.from(rows, (r) => data.userIds[r] as number),
    movieIds: Int32Array.from(rows, (r) => data.movieIds[r] as number),
    ratings: Float32Array.from(rows, (r) => data.ratings[r] as number),
  };
}

/** Each model film's mean rating (the overall mean for a film nobody rated) and rating count. */
function meansAndCounts(
  triples: FilmRatings,
  modelMovieIds: readonly number[],
): { itemMeans: Float64Array; counts: Int32Array } {
  const stats = new FilmRatingStats(triples);
  return {
    itemMeans: Float64Array.from(modelMovieIds, (id) => stats.itemMean(id)),
    counts: Int32Array.from(modelMovieIds, (id) => stats.itemCount(id)),
  };
}
