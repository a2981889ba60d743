import type { RatingRecord } from '@marquee/movielens';
import {
  DEFAULT_STACK_RIDGE,
  ItemNeighbours,
  KnnResidual,
  StackFeatures,
  StackFitter,
  createRandom,
  shuffleInPlace,
  type StackWeights,
} from '@marquee/ncf';
import type { ColdStartUser } from './coldstart';
import type { LabConfig } from './lab-config';
import { ArtifactPredictor } from './predictor';
import type { Progress } from './progress';
import { RatingStats } from './rating-stats';
import { trainOnRatings } from './training';
import { groupByUser, toTriples } from './triples';

/**
 * Folds of the training users the stack is fitted on; each fold is folded in against a model
 * trained without it.
 */
export const STACK_FOLDS = 5;
/** Independent draws of revealed ratings per fold user (more examples at no training cost). */
export const DEFAULT_STACK_DRAWS = 3;

export interface StackFold {
  /** Training ratings minus the fold's users. */
  train: RatingRecord[];
  /** Per draw: the fold's users with at least minRatings ratings, `given` of them revealed. */
  draws: ColdStartUser[][];
}

/**
 * Seeded folds of the training users as simulated new users: the users (sorted, shuffled
 * with seed + 31337) are cut into STACK_FOLDS slices of ceil(n / STACK_FOLDS); in draw d, each
 * user of fold f with at least minRatings ratings reveals `given` of them (shuffled with
 * seed * 100 + f + 1000 d).
 */
export function stackFolds(
  train: readonly RatingRecord[],
  options: { seed: number; given: number; minRatings: number; draws: number },
): StackFold[] {
  const { seed, given, minRatings, draws } = options;
  const byUser = groupByUser(train);
  const ids = [...byUser.keys()].sort((a, b) => a - b);
  shuffleInPlace(ids, createRandom(seed + 31337));
  const size = Math.ceil(ids.length / STACK_FOLDS);
  return Array.from({ length: STACK_FOLDS }, (_, fold) => {
    const heldOut = new Set(ids.slice(fold * size, (fold + 1) * size));
    const sorted = [...heldOut].sort((a, b) => a - b);
    return {
      train: train.filter((r) => !heldOut.has(r.userId)),
      draws: Array.from({ length: draws }, (_, draw) => {
        const random = createRandom(seed * 100 + fold + 1000 * draw);
        const users: ColdStartUser[] = [];
        for (const userId of sorted) {
          const own = byUser.get(userId) as RatingRecord[];
          if (own.length < minRatings) continue;
          const shuffled = shuffleInPlace(
            own.map((r) => ({ movieId: r.movieId, rating: r.rating })),
            random,
          );
          users.push({ userId, revealed: shuffled.slice(0, given), hidden: shuffled.slice(given) });
        }
        return users;
      }),
    };
  });
}

/** The stack's non-NCF inputs over a training set: item means, counts and neighbour lists. */
export function stackFeaturesFor(train: readonly RatingRecord[], lambda: number): StackFeatures {
  return new StackFeatures(
    new RatingStats(train),
    new KnnResidual(ItemNeighbours.build(toTriples(train))),
    lambda,
  );
}

/**
 * The fitted weights (bucketEdges; weights, per bucket [a, beta, gamma, delta]) and the fit's
 * cost.
 */
export interface FittedStack extends StackWeights {
  /** Examples per bucket. */
  rows: number[];
  draws: number;
  foldEpochs: number;
  /** Training seconds of each fold model. */
  foldTrainSeconds: number[];
  /** Wall seconds of the whole fit (training, fold-in, neighbour lists, solve). */
  seconds: number;
}

/**
 * Fits the stack weights on the training users alone: per fold, an NCF trained without the
 * fold's users folds each of them in from their revealed ratings, and every hidden rating is
 * an example (features from the fold's own training ratings).
 */
export async function fitColdStartStack(input: {
  train: readonly RatingRecord[];
  given: number;
  /** Fold users with fewer ratings are not used (the evaluation's given + MIN_HIDDEN). */
  minRatings: number;
  seed: number;
  lambda: number;
  config: LabConfig;
  draws: number;
  /** maxEpochs of the fold models (the config's own by default). */
  foldEpochs?: number;
  progress: Progress;
  filmFeatures?: ReadonlyMap<number, readonly string[]>;
}): Promise<FittedStack> {
  const { train, given, minRatings, seed, lambda, config, draws, progress, filmFeatures } = input;
  const started = performance.now();
  const ncf = { ...config.ncf, maxEpochs: input.foldEpochs ?? config.ncf.maxEpochs };
  const fitter = new StackFitter();
  const foldTrainSeconds: number[] = [];
  const folds = stackFolds(train, { seed, given, minRatings, draws });
  for (const [f, fold] of folds.entries()) {
    progress.note(
      `stack fold ${f + 1}/${folds.length}: ` +
        `${fold.draws[0]?.length ?? 0} users x ${draws} draws, ` +
        `model on ${fold.train.length} ratings (maxEpochs ${ncf.maxEpochs})`,
    );
    const { artifact, metrics } = await trainOnRatings(fold.train, ncf, progress, filmFeatures);
    foldTrainSeconds.push(metrics.trainSeconds);
    const predictor = new ArtifactPredictor(artifact, config.foldIn);
    const features = stackFeaturesFor(fold.train, lambda);
    for (const users of fold.draws) {
      for (const u of users) {
        const ids = u.hidden.map((h) => h.movieId);
        const predicted = predictor.predict(predictor.foldIn(u.revealed), ids);
        fitter.add(
          features.inputs(u.revealed, ids, predicted),
          u.hidden.map((h) => h.rating),
        );
      }
    }
    predictor.dispose();
  }
  return {
    ...fitter.fit(DEFAULT_STACK_RIDGE),
    rows: fitter.rows,
    draws,
    foldEpochs: ncf.maxEpochs,
    foldTrainSeconds,
    seconds: (performance.now() - started) / 1000,
  };
}
