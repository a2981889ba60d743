import { generateSyntheticMovieLens, type RatingRecord } from '@marquee/movielens';
import {
  MIN_HIDDEN,
  newUserSplitFiles,
  splitNewUsers,
  splitStratified,
  type TrainTestSplit,
} from './splitters';

const { ratings } = generateSyntheticMovieLens({
  users: 60,
  movies: 80,
  ratingsPerUser: 12,
  seed: 4,
});

function countBy(rows: readonly RatingRecord[], key: (r: RatingRecord) => number) {
  const counts = new Map<number, number>();
  for (const r of rows) counts.set(key(r), (counts.get(key(r)) ?? 0) + 1);
  return counts;
}

const byMovie = (r: RatingRecord) => r.movieId;
const byUser = (r: RatingRecord) => r.userId;
const pairKey = (r: RatingRecord) => `${r.userId}:${r.movieId}`;

/** Every input row lands in exactly one side. */
function expectPartition(split: TrainTestSplit, input: readonly RatingRecord[]) {
  expect(split.train.length + split.test.length).toBe(input.length);
  const sides = new Set<RatingRecord>([...split.train, ...split.test]);
  expect(sides.size).toBe(input.length);
  for (const r of input) expect(sides.has(r)).toBe(true);
}

/** Train holds round(ratio * n) of each group of n (all of a group of 1). */
function expectStratified(split: TrainTestSplit, key: (r: RatingRecord) => number, ratio: number) {
  const total = countBy([...split.train, ...split.test], key);
  const train = countBy(split.train, key);
  for (const [id, n] of total) {
    expect([id, train.get(id) ?? 0]).toEqual([id, n === 1 ? 1 : Math.round(ratio * n)]);
  }
}

describe('splitStratified', () => {
  it('splits each movie round(0.75 n) / rest, every rating on exactly one side', () => {
    const split = splitStratified(ratings, { seed: 1 });
    expectPartition(split, ratings);
    expectStratified(split, byMovie, 0.75);
    // The data has the group sizes where rounding matters.
    const sizes = new Set(countBy(ratings, byMovie).values());
    for (const n of [1, 2, 6]) expect(sizes.has(n)).toBe(true);
    // Output keeps the input order.
    const position = new Map(ratings.map((r, i) => [r, i]));
    const trainPositions = split.train.map((r) => position.get(r) as number);
    expect(trainPositions).toEqual([...trainPositions].sort((a, b) => a - b));
  });

  it('rounds half up and keeps a single rating in train, by hand', () => {
    const rows = (movieId: number, n: number): RatingRecord[] =>
      Array.from({ length: n }, (_, i) => ({ userId: i + 1, movieId, rating: 3, timestamp: 0 }));
    // 1 -> 1 train; 2 -> round(1.5) = 2; 4 -> 3; 6 -> round(4.5) = 5; 7 -> round(5.25) = 5
    const input = [...rows(10, 1), ...rows(20, 2), ...rows(30, 4), ...rows(40, 6), ...rows(50, 7)];
    const train = countBy(splitStratified(input, { seed: 3 }).train, byMovie);
    expect(Object.fromEntries(train)).toEqual({ 10: 1, 20: 2, 30: 3, 40: 5, 50: 5 });
    // ratio 0.5: 2 -> 1, 4 -> 2, 6 -> 3, 7 -> round(3.5) = 4; a single rating still trains
    const half = countBy(splitStratified(input, { seed: 3, ratio: 0.5 }).train, byMovie);
    expect(Object.fromEntries(half)).toEqual({ 10: 1, 20: 1, 30: 2, 40: 3, 50: 4 });
    // ratio 0.3: round(0.3) = 0, yet the single rating trains; 2 -> 1, 4 -> 1, 6 -> 2, 7 -> 2
    const small = countBy(splitStratified(input, { seed: 3, ratio: 0.3 }).train, byMovie);
    expect(Object.fromEntries(small)).toEqual({ 10: 1, 20: 1, 30: 1, 40: 2, 50: 2 });
  });

  it('is a function of the data and the seed only', () => {
    const a = splitStratified(ratings, { seed: 7 });
    expect(splitStratified(ratings, { seed: 7 })).toEqual(a);
    // Same split whatever the order of the input rows.
    const reversed = splitStratified([...ratings].reverse(), { seed: 7 });
    expect(new Set(reversed.test.map(pairKey))).toEqual(new Set(a.test.map(pairKey)));
    // Another seed draws another test set of the same per-movie sizes.
    const b = splitStratified(ratings, { seed: 8 });
    expect(new Set(b.test.map(pairKey))).not.toEqual(new Set(a.test.map(pairKey)));
    expect(countBy(b.test, byMovie)).toEqual(countBy(a.test, byMovie));
  });

  it("by 'user' stratifies users instead of movies", () => {
    const split = splitStratified(ratings, { seed: 2, by: 'user', ratio: 0.6 });
    expectPartition(split, ratings);
    expectStratified(split, byUser, 0.6);
    // 12 ratings per user -> round(7.2) = 7 in train each
    expect(new Set(countBy(split.train, byUser).values())).toEqual(new Set([7]));
    // Movies are not stratified then: some movie misses its round(0.6 n).
    const movieTotals = countBy(ratings, byMovie);
    const movieTrain = countBy(split.train, byMovie);
    const off = [...movieTotals].filter(([id, n]) => {
      const expected = n === 1 ? 1 : Math.round(0.6 * n);
      return (movieTrain.get(id) ?? 0) !== expected;
    });
    expect(off.length).toBeGreaterThan(0);
  });

  it('returns two empty sides for no ratings', () => {
    expect(splitStratified([], { seed: 1 })).toEqual({ train: [], test: [] });
  });

  it.each([0, 1, -0.5, 1.5, Number.NaN])('rejects ratio %p', (ratio) => {
    expect(() => splitStratified(ratings, { seed: 1, ratio })).toThrow(
      new RangeError(`ratio must be strictly between 0 and 1, got ${ratio}`),
    );
  });

  it('rejects a seed that is not an integer and an unknown grouping', () => {
    expect(() => splitStratified(ratings, { seed: 1.5 })).toThrow(
      new RangeError('seed must be an integer, got 1.5'),
    );
    const by = 'item' as unknown as 'movie';
    expect(() => splitStratified(ratings, { seed: 1, by })).toThrow(/by must be 'movie' or 'user'/);
  });
});

describe('splitNewUsers', () => {
  const small = generateSyntheticMovieLens({
    users: 20,
    movies: 30,
    ratingsPerUser: 8,
    seed: 2,
  }).ratings;

  it('keeps its seeded draw: the held-out users and what each reveals and hides', () => {
    // Pinned values: a change of the RNG's use order changes them.
    const split = splitNewUsers(small, { given: 2, seed: 11 });
    expect(split.heldOutUserIds).toEqual([3, 6, 15, 16]);
    expect(split.users.map((u) => [u.userId, u.revealed.map((r) => r.movieId)])).toEqual([
      [3, [47, 57]],
      [6, [24, 27]],
      [15, [30, 49]],
      [16, [27, 26]],
    ]);
    expect(split.users[0]?.hidden.map((r) => r.movieId)).toEqual([20, 49, 21, 3, 40, 24]);
    expect(split.train).toHaveLength(160 - 4 * 8);
  });

  it('newUserSplitFiles: train, then each evaluated user revealed / hidden as rows', () => {
    const split = splitNewUsers(small, { given: 2, seed: 11, heldOutFraction: 0.5 });
    // Each user has 8 ratings >= given 2 + MIN_HIDDEN: every held-out user is evaluated.
    expect(MIN_HIDDEN).toBeLessThanOrEqual(8 - 2);
    expect(split.users.map((u) => u.userId)).toEqual(split.heldOutUserIds);
    const files = newUserSplitFiles(split);
    expect(files.train).toEqual(split.train);
    expect(files.train).not.toBe(split.train);
    expect(files.given).toHaveLength(split.users.length * 2);
    expect(files.test).toHaveLength(split.users.length * 6);
    expect(files.given[0]).toEqual({
      userId: split.users[0]?.userId,
      movieId: split.users[0]?.revealed[0]?.movieId,
      rating: split.users[0]?.revealed[0]?.rating,
      timestamp: 0,
    });
    // given + test are exactly the held-out users' ratings (timestamps aside), none in train.
    const heldOut = new Set(split.heldOutUserIds);
    const strip = (r: RatingRecord) => `${r.userId}:${r.movieId}:${r.rating}`;
    expect([...files.given, ...files.test].map(strip).sort()).toEqual(
      small
        .filter((r) => heldOut.has(r.userId))
        .map(strip)
        .sort(),
    );
    expect(files.train.some((r) => heldOut.has(r.userId))).toBe(false);
    const givenPairs = new Set(files.given.map(pairKey));
    expect(files.test.some((r) => givenPairs.has(pairKey(r)))).toBe(false);
  });

  it('newUserSplitFiles leaves out held-out users too short to evaluate', () => {
    const split = splitNewUsers(small, { given: 4, seed: 11 });
    // 8 ratings < 4 + MIN_HIDDEN: no user is evaluated.
    expect(split.users).toEqual([]);
    const files = newUserSplitFiles(split);
    expect(files.given).toEqual([]);
    expect(files.test).toEqual([]);
    expect(files.train).toHaveLength(small.length - split.heldOutUserIds.length * 8);
  });
});
