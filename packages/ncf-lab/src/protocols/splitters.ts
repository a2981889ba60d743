/**
 * Seeded train/test splitters of the lab's evaluation protocols. Every split is a pure function
 * of the ratings and the seed, so a protocol run can be repeated (and its files rewritten)
 * exactly. The new-user split is @marquee/ncf's holdOutUsers (new-user-split.ts), which the
 * trainer's new-user evaluation and the new-user stack's fit draw with too.
 */
import type { RatingRecord } from '@marquee/movielens';
import {
  createRandom,
  holdOutUsers,
  NEW_USER_MIN_HIDDEN,
  shuffleInPlace,
  type MovieRating,
  type Revealed,
} from '@marquee/ncf';
import { groupByUser } from '../triples';

/** A ratings split into what the model trains on and what it is scored on. */
export interface TrainTestSplit {
  train: RatingRecord[];
  test: RatingRecord[];
}

/** Which ids the stratified split groups ratings by. */
export type StratifyBy = 'movie' | 'user';

export interface StratifiedSplitOptions {
  /** Share of each group that goes to train, strictly between 0 and 1 (default 0.75). */
  ratio?: number;
  /** Integer seed of the shuffle. */
  seed: number;
  /** 'movie' (default): each movie keeps ~ratio of its ratings in train; 'user': each user. */
  by?: StratifyBy;
}

/**
 * Stratified random split: within each group (a movie's ratings, or a user's), a seeded shuffle
 * puts the first round(ratio * size) ratings into train and the rest into test, so every group
 * is represented on both sides in the same proportion. A group of one rating goes to train: a
 * movie or user seen only in the test could not be scored by a collaborative model anyway.
 *
 * Groups are shuffled in ascending id order, each one's members first sorted by the other id,
 * so the result depends only on the data and the seed, not on the order of the input rows.
 * Both outputs keep the input order.
 *
 * Compared with recommenders' python_stratified_split (recommenders/datasets/python_splitters.py):
 * that one draws a uniform number per rating, sorts each group by it and keeps in train the
 * ratings whose rank / size <= ratio, which is floor(ratio * size): at 0.75, 1 of 2, 4 of 6, and
 * a single rating goes to test. Here the count is Math.round(ratio * size), halves rounding up
 * (2 of 2, 5 of 6 at 0.75), and a single rating goes to train. recommenders also groups by user
 * by default and can drop small groups (min_rating); this split keeps every group.
 */
export function splitStratified(
  ratings: readonly RatingRecord[],
  options: StratifiedSplitOptions,
): TrainTestSplit {
  const { ratio = 0.75, seed, by = 'movie' } = options;
  if (!(ratio > 0 && ratio < 1)) {
    throw new RangeError(`ratio must be strictly between 0 and 1, got ${ratio}`);
  }
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  if (by !== 'movie' && by !== 'user') {
    throw new RangeError(`by must be 'movie' or 'user', got ${String(by)}`);
  }
  const groupOf = by === 'movie' ? (r: RatingRecord) => r.movieId : (r: RatingRecord) => r.userId;
  const memberOf = by === 'movie' ? (r: RatingRecord) => r.userId : (r: RatingRecord) => r.movieId;
  const groups = groupIndices(ratings, groupOf);
  const inTrain = new Uint8Array(ratings.length);
  const random = createRandom(seed);
  for (const id of [...groups.keys()].sort((a, b) => a - b)) {
    const members = (groups.get(id) as number[]).sort(
      (a, b) => memberOf(ratings[a] as RatingRecord) - memberOf(ratings[b] as RatingRecord),
    );
    shuffleInPlace(members, random);
    const trainCount = members.length === 1 ? 1 : Math.round(ratio * members.length);
    for (const index of members.slice(0, trainCount)) inTrain[index] = 1;
  }
  return {
    train: ratings.filter((_, i) => inTrain[i] === 1),
    test: ratings.filter((_, i) => inTrain[i] === 0),
  };
}

/** Indices of the ratings, grouped by `key`, in input order. */
function groupIndices(
  ratings: readonly RatingRecord[],
  key: (r: RatingRecord) => number,
): Map<number, number[]> {
  const groups = new Map<number, number[]>();
  ratings.forEach((r, i) => {
    const group = groups.get(key(r));
    if (group) group.push(i);
    else groups.set(key(r), [i]);
  });
  return groups;
}

/** Share of the users the new-user protocol holds out of training. */
export const HELD_OUT_FRACTION = 0.2;
/** A held-out user is evaluated only with at least `given + MIN_HIDDEN` ratings. */
export const MIN_HIDDEN = NEW_USER_MIN_HIDDEN;

/**
 * A held-out user: the `given` ratings they reveal (what fold-in sees), and the rest, to predict.
 */
export type NewUser = Revealed<MovieRating> & { userId: number };

export interface NewUserSplit {
  /** Ratings of the users not held out: all of training. */
  train: RatingRecord[];
  /** Every held-out user id, evaluated or not (sorted). */
  heldOutUserIds: number[];
  /** Held-out users with at least given + MIN_HIDDEN ratings. */
  users: NewUser[];
}

/**
 * Seeded new-user (cold-start) split, @marquee/ncf's holdOutUsers on rating records:
 * HELD_OUT_FRACTION of the users (at least one, never all) are held out, drawn from every user;
 * each one with at least given + MIN_HIDDEN ratings reveals `given` random ratings, in ascending
 * id order. One generator serves both draws, users first, so a seed always gives the same split.
 */
export function splitNewUsers(
  ratings: readonly RatingRecord[],
  options: { given: number; seed: number; heldOutFraction?: number },
): NewUserSplit {
  const { given, seed, heldOutFraction = HELD_OUT_FRACTION } = options;
  if (!Number.isInteger(given) || given < 1) {
    throw new RangeError(`given must be a positive integer, got ${given}`);
  }
  const byUser = groupByUser(ratings);
  if (byUser.size < 2) {
    throw new RangeError(`cold start needs at least 2 users, got ${byUser.size}`);
  }
  const split = holdOutUsers(byUser, {
    given,
    minHidden: MIN_HIDDEN,
    seed,
    count: (users) => Math.min(users - 1, Math.max(1, Math.round(users * heldOutFraction))),
    drawFrom: 'any',
    revealOrder: 'ascending',
  });
  const heldOut = new Set(split.heldOutUserIds);
  const pairs = (own: readonly RatingRecord[]): MovieRating[] =>
    own.map((r) => ({ movieId: r.movieId, rating: r.rating }));
  return {
    train: ratings.filter((r) => !heldOut.has(r.userId)),
    heldOutUserIds: split.heldOutUserIds,
    users: split.users.map(({ userId, revealed, hidden }) => ({
      userId,
      revealed: pairs(revealed),
      hidden: pairs(hidden),
    })),
  };
}

/** A new-user split as three ratings files' worth of rows. */
export interface NewUserSplitFiles {
  /** The training users' ratings. */
  train: RatingRecord[];
  /** What each evaluated user reveals. */
  given: RatingRecord[];
  /** What each evaluated user hides, to predict or rank. */
  test: RatingRecord[];
}

/**
 * Flattens a new-user split into ratings rows, so another tool can be scored on exactly the same
 * protocol from files. Held-out users who were not evaluated (too few ratings) appear in no file.
 * The split keeps no timestamps of the evaluated users' ratings, so `given` and `test` rows carry
 * timestamp 0; users and movies in them follow the split's order.
 */
export function newUserSplitFiles(split: NewUserSplit): NewUserSplitFiles {
  const rows = (userId: number, ratings: readonly MovieRating[]): RatingRecord[] =>
    ratings.map(({ movieId, rating }) => ({ userId, movieId, rating, timestamp: 0 }));
  return {
    train: [...split.train],
    given: split.users.flatMap((u) => rows(u.userId, u.revealed)),
    test: split.users.flatMap((u) => rows(u.userId, u.hidden)),
  };
}
