import type { RatingRecord } from '@marquee/movielens';
import { chooseShrinkage, LAMBDA_GRID, meanRating, predictUserOffset } from '@marquee/ncf';
import { predictMovieMean } from './baselines';
import type { LabConfig } from './lab-config';
import { ndcgAtK, rmse } from './metrics';
import { ArtifactPredictor } from './predictor';
import type { Progress } from './progress';
import { MIN_HIDDEN, splitNewUsers, type NewUser } from './protocols/splitters';
import { RatingStats } from './rating-stats';
import { trainServedOnRatings } from './training';

export const NDCG_K = 10;

export interface ScoredMethod {
  rmse: number;
  ndcg10: number;
}

/** Pooled RMSE over every hidden rating and NDCG@10 averaged over users. */
export function scoreColdStart(
  users: readonly NewUser[],
  predict: (user: NewUser) => number[],
): ScoredMethod {
  if (users.length === 0) throw new RangeError('no user to evaluate');
  const predicted: number[] = [];
  const actual: number[] = [];
  let ndcgSum = 0;
  for (const user of users) {
    const p = predict(user);
    const truth = user.hidden.map((h) => h.rating);
    predicted.push(...p);
    actual.push(...truth);
    ndcgSum += ndcgAtK(p, truth, NDCG_K);
  }
  return { rmse: rmse(predicted, actual), ndcg10: ndcgSum / users.length };
}

/**
 * The userOffset baseline's shrinkage (@marquee/ncf's chooseShrinkage), chosen on the training
 * users only: HELD_OUT_FRACTION of them (seeded) play cold-start users against item means of the
 * other training users, and the lambda with the lowest RMSE wins.
 */
export function chooseOffsetLambda(
  train: readonly RatingRecord[],
  given: number,
  seed: number,
): number {
  const inner = splitNewUsers(train, { given, seed: seed + 7919 });
  if (inner.users.length === 0) return LAMBDA_GRID[0];
  const stats = new RatingStats(inner.train);
  return chooseShrinkage(
    (lambda) =>
      scoreColdStart(inner.users, (u) =>
        predictUserOffset(
          stats,
          u.revealed,
          u.hidden.map((h) => h.movieId),
          lambda,
        ),
      ).rmse,
  );
}

/** The new-user stack the evaluated model carries (best configuration only). */
export interface ColdStartStack {
  /** userOffset's shrinkage the stack chose on its examples. */
  lambda: number;
  /** Per bucket: [a, beta, gamma, delta]. */
  weights: number[][];
  /** Training users that played new users (for the fold models), and examples per bucket. */
  users: number;
  examples: number[];
  /** Seconds to fit it (fold models, their neighbour lists, fold-ins, solve). */
  seconds: number;
}

export interface ColdStartResult extends ScoredMethod {
  /** With a new-user stack: the network's own figures (rmse and ndcg10 are the stacked ones). */
  plain?: ScoredMethod;
  /** The new-user stack, when the configuration has one. */
  stack?: ColdStartStack;
  users: number;
  /** Hidden ratings predicted (pooled into rmse). */
  n: number;
  heldOutUsers: number;
  given: number;
  baselines: { itemMean: ScoredMethod; userOffset: ScoredMethod & { lambda: number } };
  /** Seconds the served network took. */
  trainSeconds: number;
  /** Seconds until the model was ready to serve: network, stack (beside it) and reason lists. */
  servingSeconds: number;
  epochs: number;
  backend: string;
  config: LabConfig;
}

/**
 * The cold-start protocol: train on the users not held out, fold each evaluated held-out user
 * in from their revealed ratings alone, predict their hidden ratings. Movies unknown to the
 * model are predicted as the mean of the user's revealed ratings.
 *
 * The model is prepared as the trainer prepares it for serving (trainForServing): with the best
 * configuration, that includes the new-user stack fitted on fold models of the training users,
 * and rmse and ndcg10 are then what the product predicts, `plain` the network's own.
 */
export async function runColdStart(input: {
  ratings: readonly RatingRecord[];
  given: number;
  seed: number;
  config: LabConfig;
  progress: Progress;
  /** Feature tokens by movie (from movies.csv), for a config with filmFeatures. */
  movieFeatures?: ReadonlyMap<number, readonly string[]>;
}): Promise<ColdStartResult> {
  const { ratings, given, seed, config, progress, movieFeatures } = input;
  const split = splitNewUsers(ratings, { given, seed });
  if (split.users.length === 0) {
    throw new RangeError(
      `no held-out user has at least ${given + MIN_HIDDEN} ratings (given ${given} + ${MIN_HIDDEN}); ` +
        'use a smaller --given or more data',
    );
  }
  progress.note(
    `cold start: ${split.heldOutUserIds.length} users held out, ${split.users.length} evaluated ` +
      `(>= ${given + MIN_HIDDEN} ratings), ${split.train.length} training ratings`,
  );
  const served = await trainServedOnRatings(split.train, config, progress, movieFeatures);
  const { metrics } = served;
  const fit = served.stackFit;
  const predictor = new ArtifactPredictor(served.artifact, config.foldIn);
  const stats = new RatingStats(split.train);
  const lambda = chooseOffsetLambda(split.train, given, seed);
  progress.note(`userOffset lambda ${lambda} (chosen on training users); folding users in`);

  const hiddenIds = (u: NewUser) => u.hidden.map((h) => h.movieId);
  const withFallback = (u: NewUser, predicted: number[]) => {
    const revealedMean = meanRating(u.revealed);
    return predicted.map((p) => (Number.isNaN(p) ? revealedMean : p));
  };
  const product = scoreColdStart(split.users, (u) =>
    withFallback(u, predictor.predictNewUser(u.revealed, hiddenIds(u))),
  );
  const plain = fit
    ? scoreColdStart(split.users, (u) =>
        withFallback(u, predictor.predict(predictor.foldIn(u.revealed), hiddenIds(u))),
      )
    : undefined;
  predictor.dispose();
  return {
    ...product,
    ...(plain && fit
      ? {
          plain,
          stack: {
            lambda: fit.stack.lambda,
            weights: fit.stack.weights,
            users: fit.users,
            examples: fit.examples,
            seconds: fit.seconds,
          },
        }
      : {}),
    users: split.users.length,
    n: split.users.reduce((s, u) => s + u.hidden.length, 0),
    heldOutUsers: split.heldOutUserIds.length,
    given,
    baselines: {
      itemMean: scoreColdStart(split.users, (u) => predictMovieMean(stats, hiddenIds(u))),
      userOffset: {
        ...scoreColdStart(split.users, (u) =>
          predictUserOffset(stats, u.revealed, hiddenIds(u), lambda),
        ),
        lambda,
      },
    },
    trainSeconds: metrics.trainSeconds,
    servingSeconds: served.seconds,
    epochs: metrics.epochs,
    backend: metrics.backend,
    config,
  };
}
