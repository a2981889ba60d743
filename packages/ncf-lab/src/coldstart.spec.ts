import { generateSyntheticMovieLens, type RatingRecord } from '@marquee/movielens';
import { LAMBDA_GRID, predictUserOffset, userOffset } from '@marquee/ncf';
import { predictMovieMean } from './baselines';
import { chooseOffsetLambda, scoreColdStart } from './coldstart';
import { MIN_HIDDEN, splitNewUsers } from './protocols/splitters';
import { RatingStats } from './rating-stats';

function syntheticRatings(): RatingRecord[] {
  const { ratings } = generateSyntheticMovieLens({
    users: 200,
    movies: 120,
    ratingsPerUser: 30,
    seed: 5,
  });
  // Users 1..40 keep only 12 ratings: below given (10) + MIN_HIDDEN, so never evaluated.
  const kept = new Map<number, number>();
  return ratings.filter((r) => {
    if (r.userId > 40) return true;
    const n = (kept.get(r.userId) ?? 0) + 1;
    kept.set(r.userId, n);
    return n <= 12;
  });
}

describe('splitNewUsers', () => {
  const ratings = syntheticRatings();
  const users = new Set(ratings.map((r) => r.userId));

  it('holds out 20% of users and evaluates only those with at least given + 5 ratings', () => {
    const split = splitNewUsers(ratings, { given: 10, seed: 3 });
    expect(split.heldOutUserIds).toHaveLength(Math.round(users.size * 0.2));
    const heldOut = new Set(split.heldOutUserIds);
    expect(split.train.some((r) => heldOut.has(r.userId))).toBe(false);
    expect(split.train.length + ratings.filter((r) => heldOut.has(r.userId)).length).toBe(
      ratings.length,
    );
    const counts = new Map<number, number>();
    for (const r of ratings) counts.set(r.userId, (counts.get(r.userId) ?? 0) + 1);
    const eligible = split.heldOutUserIds.filter(
      (id) => (counts.get(id) as number) >= 10 + MIN_HIDDEN,
    );
    expect(split.users.map((u) => u.userId)).toEqual(eligible);
    // The seed puts some short users (1..40) among the held-out ones; they are skipped.
    expect(split.heldOutUserIds.some((id) => id <= 40)).toBe(true);
    for (const u of split.users) {
      expect(u.revealed).toHaveLength(10);
      expect(u.revealed.length + u.hidden.length).toBe(counts.get(u.userId));
      const revealedIds = new Set(u.revealed.map((r) => r.movieId));
      expect(u.hidden.some((h) => revealedIds.has(h.movieId))).toBe(false);
    }
  });

  it('is deterministic with a seed and changes with it', () => {
    const a = splitNewUsers(ratings, { given: 10, seed: 3 });
    const b = splitNewUsers(ratings, { given: 10, seed: 3 });
    const c = splitNewUsers(ratings, { given: 10, seed: 4 });
    expect(b).toEqual(a);
    expect(c.heldOutUserIds).not.toEqual(a.heldOutUserIds);
  });

  it('rejects a bad given and data with a single user', () => {
    expect(() => splitNewUsers(ratings, { given: 0, seed: 1 })).toThrow(/given/);
    expect(() =>
      splitNewUsers(
        ratings.filter((r) => r.userId === 50),
        { given: 10, seed: 1 },
      ),
    ).toThrow(/at least 2 users/);
  });
});

describe('baselines', () => {
  const ratings = syntheticRatings();
  const split = splitNewUsers(ratings, { given: 10, seed: 9 });
  const stats = new RatingStats(split.train);
  const ids = (hidden: { movieId: number }[]) => hidden.map((h) => h.movieId);

  it('computes the shrunk user offset by hand', () => {
    const tiny = new RatingStats([
      { userId: 1, movieId: 10, rating: 4, timestamp: 0 },
      { userId: 2, movieId: 10, rating: 2, timestamp: 0 },
      { userId: 1, movieId: 11, rating: 5, timestamp: 0 },
    ]);
    // item means: 10 -> 3, 11 -> 5; offsets 4.5-3 = 1.5 and 4-5 = -1; sum 0.5
    const revealed = [
      { movieId: 10, rating: 4.5 },
      { movieId: 11, rating: 4 },
    ];
    expect(userOffset(tiny, revealed, 0)).toBeCloseTo(0.25, 12);
    expect(userOffset(tiny, revealed, 3)).toBeCloseTo(0.1, 12);
    // unseen movie 99 -> global mean 11/3
    expect(predictUserOffset(tiny, revealed, [11, 99], 3)).toEqual([
      expect.closeTo(5.1, 12),
      expect.closeTo(11 / 3 + 0.1, 12),
    ]);
  });

  it('item mean beats a constant global mean, and userOffset beats item mean', () => {
    const globalMean = scoreColdStart(split.users, (u) => u.hidden.map(() => stats.globalMean));
    const movieMean = scoreColdStart(split.users, (u) => predictMovieMean(stats, ids(u.hidden)));
    const lambda = chooseOffsetLambda(split.train, 10, 9);
    const offset = scoreColdStart(split.users, (u) =>
      predictUserOffset(stats, u.revealed, ids(u.hidden), lambda),
    );
    expect(LAMBDA_GRID).toContain(lambda);
    expect(movieMean.rmse).toBeLessThan(globalMean.rmse);
    expect(offset.rmse).toBeLessThan(movieMean.rmse);
  });
});
