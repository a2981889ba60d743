/**
 * The new-user (cold-start) protocol's splitter, in the spirit of recommenders'
 * python_splitters.py: whole users are held out of training, and each one reveals a few random
 * ratings (what a fold-in sees) and hides the rest (what is predicted or ranked). One home for
 * the lab's protocol (ncf-lab's splitNewUsers), the trainer's new-user evaluation and the
 * new-user stack's fold loop (fitNewUserStack), so all three draw the same way:
 *
 * - drawUsers: the seeded order of users (ascending ids, then shuffled);
 * - revealRatings: one user's reveal (a shuffled copy, the first `given` revealed);
 * - holdOutUsers: both together, the users held out and what each reveals and hides.
 *
 * Every draw is a pure function of the ids, their ratings' order and the random generator, so a
 * seed always gives the same split.
 */
import { createRandom, shuffleInPlace } from '../format/random';

/** A held-out user is evaluated only with at least `given + NEW_USER_MIN_HIDDEN` ratings. */
export const NEW_USER_MIN_HIDDEN = 5;

/** One user's ratings cut by the reveal. */
export interface Revealed<R> {
  /** The `given` ratings the user reveals. */
  revealed: R[];
  /** The rest, to predict. */
  hidden: R[];
}

/**
 * The reveal: a copy of the user's ratings shuffled with `random` (Fisher-Yates, one draw per
 * rating but the first); the first `given` are revealed, the rest hidden. `ratings` is left as
 * it is.
 */
export function revealRatings<R>(
  ratings: readonly R[],
  given: number,
  random: () => number,
): Revealed<R> {
  const shuffled = shuffleInPlace([...ratings], random);
  return { revealed: shuffled.slice(0, given), hidden: shuffled.slice(given) };
}

/** The users in a seeded order: their ids ascending, shuffled with `random` (a new array). */
export function drawUsers(userIds: Iterable<number>, random: () => number): number[] {
  return shuffleInPlace(
    [...userIds].sort((a, b) => a - b),
    random,
  );
}

export interface UserHoldOut {
  /** Ratings each evaluated user reveals. */
  given: number;
  /** A held-out user is evaluated only with at least given + minHidden ratings. */
  minHidden: number;
  seed: number;
  /** How many users to hold out, from the number of users (all of them). */
  count: (users: number) => number;
  /**
   * Who may be drawn: 'any' user (one with too few ratings to evaluate is still held out of
   * training, and not evaluated: the lab's protocol), or only the 'evaluable' ones (the trainer's).
   */
  drawFrom: 'any' | 'evaluable';
  /**
   * The order in which the evaluated users draw their reveals, and are returned: 'ascending' ids
   * (the lab's) or the order they were 'drawn' in (the trainer's).
   */
  revealOrder: 'ascending' | 'drawn';
}

export interface HeldOutUsers<R> {
  /** Every held-out user id, evaluated or not (ascending). */
  heldOutUserIds: number[];
  /** The held-out users with at least given + minHidden ratings, in `revealOrder`. */
  users: (Revealed<R> & { userId: number })[];
}

/**
 * The new-user split: one generator, seeded with `seed`, first draws the users (drawUsers over
 * the candidates of `drawFrom`; the first count(byUser.size) are held out), then each evaluated
 * held-out user's reveal (revealRatings), in `revealOrder`. `byUser` holds each user's ratings
 * (or rows), in the order their reveal shuffles.
 */
export function holdOutUsers<R>(
  byUser: ReadonlyMap<number, readonly R[]>,
  options: UserHoldOut,
): HeldOutUsers<R> {
  const { given, minHidden, seed, drawFrom, revealOrder } = options;
  const evaluable = (userId: number) =>
    (byUser.get(userId) as readonly R[]).length >= given + minHidden;
  const candidates = drawFrom === 'any' ? [...byUser.keys()] : [...byUser.keys()].filter(evaluable);
  const random = createRandom(seed);
  const drawn = drawUsers(candidates, random).slice(0, Math.max(0, options.count(byUser.size)));
  const heldOutUserIds = [...drawn].sort((a, b) => a - b);
  const users: HeldOutUsers<R>['users'] = [];
  for (const userId of revealOrder === 'ascending' ? heldOutUserIds : drawn) {
    if (!evaluable(userId)) continue;
    users.push({ userId, ...revealRatings(byUser.get(userId) as readonly R[], given, random) });
  }
  return { heldOutUserIds, users };
}
