import type { RatingRecord } from '@marquee/movielens';
import { applyStack, createRandom, shuffleInPlace, type MovieRating } from '@marquee/ncf';
import { LAMBDA_GRID, predictItemMean, predictUserOffset } from './baselines';
import { fitColdStartStack, stackFeaturesFor, type FittedStack } from './cold-start-stack';
import type { LabConfig } from './lab-config';
import { ndcgAtK, rmse } from './metrics';
import { ArtifactPredictor } from './predictor';
import type { Progress } from './progress';
import { RatingStats } from './rating-stats';
import { trainOnRatings } from './training';
import { groupByUser } from './triples';

export const HELD_OUT_FRACTION = 0.2;
/** A held-out user is evaluated only with at least `given + MIN_HIDDEN` ratings. */
export const MIN_HIDDEN = 5;
export const NDCG_K = 10;

export interface ColdStartUser {
  userId: number;
  /** The `given` ratings the user reveals (what fold-in sees). */
  revealed: MovieRating[];
  /** The rest, to predict. */
  hidden: MovieRating[];
}

export interface ColdStartSplit {
  /** Ratings of the users not held out: all of training. */
  train: RatingRecord[];
  /** Every held-out user id, evaluated or not (sorted). */
  heldOutUserIds: number[];
  /** Held-out users with at least given + MIN_HIDDEN ratings. */
  users: ColdStartUser[];
}

/**
 * Seeded cold-start split: HELD_OUT_FRACTION of the users (at least one, never all) are held
 * out; each one with at least given + MIN_HIDDEN ratings reveals `given` random ratings.
 */
export function splitColdStart(
  ratings: readonly RatingRecord[],
  options: { given: number; seed: number; heldOutFraction?: number },
): ColdStartSplit {
  const { given, seed, heldOutFraction = HELD_OUT_FRACTION } = options;
  if (!Number.isInteger(given) || given < 1) {
    throw new RangeError(`given must be a positive integer, got ${given}`);
  }
  const byUser = groupByUser(ratings);
  const userIds = [...byUser.keys()].sort((a, b) => a - b);
  if (userIds.length < 2) {
    throw new RangeError(`cold start needs at least 2 users, got ${userIds.length}`);
  }
  const random = createRandom(seed);
  shuffleInPlace(userIds, random);
  const heldOutCount = Math.min(
    userIds.length - 1,
    Math.max(1, Math.round(userIds.length * heldOutFraction)),
  );
  const heldOut = new Set(userIds.slice(0, heldOutCount));
  const heldOutUserIds = [...heldOut].sort((a, b) => a - b);

  const users: ColdStartUser[] = [];
  for (const userId of heldOutUserIds) {
    const own = byUser.get(userId) as RatingRecord[];
    if (own.length < given + MIN_HIDDEN) continue;
    const shuffled = shuffleInPlace(
      own.map((r) => ({ movieId: r.movieId, rating: r.rating })),
      random,
    );
    users.push({ userId, revealed: shuffled.slice(0, given), hidden: shuffled.slice(given) });
  }
  return { train: ratings.filter((r) => !heldOut.has(r.userId)), heldOutUserIds, users };
}

export interface ScoredMethod {
  rmse: number;
  ndcg10: number;
}

/** Pooled RMSE over every hidden rating and NDCG@10 averaged over users. */
export function scoreColdStart(
  users: readonly ColdStartUser[],
  predict: (user: ColdStartUser) => number[],
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
 * The userOffset baseline's shrinkage, chosen on the training users only: HELD_OUT_FRACTION of
 * them (seeded) play cold-start users against item means of the other training users, and the
 * lambda of LAMBDA_GRID with the lowest RMSE wins.
 */
export function chooseOffsetLambda(
  train: readonly RatingRecord[],
  given: number,
  seed: number,
): number {
  const inner = splitColdStart(train, { given, seed: seed + 7919 });
  if (inner.users.length === 0) return LAMBDA_GRID[0];
  const stats = new RatingStats(inner.train);
  let best: { lambda: number; rmse: number } | undefined;
  for (const lambda of LAMBDA_GRID) {
    const { rmse: error } = scoreColdStart(inner.users, (u) =>
      predictUserOffset(
        stats,
        u.revealed,
        u.hidden.map((h) => h.movieId),
        lambda,
      ),
    );
    if (!best || error < best.rmse) best = { lambda, rmse: error };
  }
  return (best as { lambda: number }).lambda;
}

/** The stacked evaluation (runColdStart with `stack`): see fitColdStartStack. */
export interface StackOptions {
  /** Reveal draws per fold user. */
  draws: number;
  /** maxEpochs of the 5 fold models (the config's by default). */
  foldEpochs?: number;
}

export interface ColdStartResult extends ScoredMethod {
  /** With a stack: the NCF's own figures (rmse and ndcg10 are then the stacked ones). */
  plain?: ScoredMethod;
  /** With a stack: its fitted weights and what the fit cost. */
  stack?: FittedStack;
  users: number;
  /** Hidden ratings predicted (pooled into rmse). */
  n: number;
  heldOutUsers: number;
  given: number;
  baselines: { itemMean: ScoredMethod; userOffset: ScoredMethod & { lambda: number } };
  trainSeconds: number;
  epochs: number;
  backend: string;
  config: LabConfig;
}

/**
 * The cold-start protocol: train on the users not held out, fold each evaluated held-out user
 * in from their revealed ratings alone, predict their hidden ratings. Films unknown to the
 * model are predicted as the mean of the user's revealed ratings.
 *
 * With `stack`, the NCF predictions are corrected by the new-user stack (@marquee/ncf
 * applyStack) fitted on the training users alone (fitColdStartStack): rmse and ndcg10 are the
 * stacked figures and `plain` the NCF's own.
 */
export async function runColdStart(input: {
  ratings: readonly RatingRecord[];
  given: number;
  seed: number;
  config: LabConfig;
  progress: Progress;
  /** Feature tokens by film (from movies.csv), for a config with filmFeatures. */
  filmFeatures?: ReadonlyMap<number, readonly string[]>;
  stack?: StackOptions;
}): Promise<ColdStartResult> {
  const { ratings, given, seed, config, progress, filmFeatures, stack } = input;
  const split = splitColdStart(ratings, { given, seed });
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
  const { artifact, metrics } = await trainOnRatings(
    split.train,
    config.ncf,
    progress,
    filmFeatures,
  );
  const predictor = new ArtifactPredictor(artifact, config.foldIn);
  const stats = new RatingStats(split.train);
  const lambda = chooseOffsetLambda(split.train, given, seed);
  progress.note(`userOffset lambda ${lambda} (chosen on training users); folding users in`);

  const hiddenIds = (u: ColdStartUser) => u.hidden.map((h) => h.movieId);
  // NCF predictions per user (NaN: a film the model does not know).
  const predicted = new Map(
    split.users.map((u) => [u, predictor.predict(predictor.foldIn(u.revealed), hiddenIds(u))]),
  );
  predictor.dispose();
  const plain = scoreColdStart(split.users, (u) => {
    const revealedMean = u.revealed.reduce((s, r) => s + r.rating, 0) / u.revealed.length;
    return (predicted.get(u) as number[]).map((p) => (Number.isNaN(p) ? revealedMean : p));
  });
  let stacked: { scored: ScoredMethod; fitted: FittedStack } | undefined;
  if (stack) {
    const fitted = await fitColdStartStack({
      train: split.train,
      given,
      minRatings: given + MIN_HIDDEN,
      seed,
      lambda,
      config,
      draws: stack.draws,
      foldEpochs: stack.foldEpochs,
      progress,
      filmFeatures,
    });
    progress.note(
      `stack fitted in ${fitted.seconds.toFixed(1)} s on ${fitted.rows.join('/')} examples ` +
        `per bucket: ${JSON.stringify(fitted.weights.map((w) => w.map((v) => +v.toFixed(3))))}`,
    );
    const features = stackFeaturesFor(split.train, lambda);
    stacked = {
      fitted,
      scored: scoreColdStart(split.users, (u) =>
        applyStack(fitted, features.inputs(u.revealed, hiddenIds(u), predicted.get(u) as number[])),
      ),
    };
  }
  return {
    ...(stacked ? { ...stacked.scored, plain, stack: stacked.fitted } : plain),
    users: split.users.length,
    n: split.users.reduce((s, u) => s + u.hidden.length, 0),
    heldOutUsers: split.heldOutUserIds.length,
    given,
    baselines: {
      itemMean: scoreColdStart(split.users, (u) => predictItemMean(stats, hiddenIds(u))),
      userOffset: {
        ...scoreColdStart(split.users, (u) =>
          predictUserOffset(stats, u.revealed, hiddenIds(u), lambda),
        ),
        lambda,
      },
    },
    trainSeconds: metrics.trainSeconds,
    epochs: metrics.epochs,
    backend: metrics.backend,
    config,
  };
}
