import { MOVIELENS_MIN_RATINGS_PER_USER, userActivity } from './synthetic-activity';

const sum = (counts: Int32Array) => counts.reduce((total, n) => total + n, 0);
const sorted = (counts: Int32Array) => Int32Array.from(counts).sort();

describe('userActivity', () => {
  it('adds up to exactly the total, whatever the sizes', () => {
    const cases = [
      { users: 1, movies: 1, ratings: 1 },
      { users: 7, movies: 3, ratings: 21 },
      { users: 100, movies: 500, ratings: 2_000 },
      { users: 100, movies: 500, ratings: 2_001 },
      { users: 333, movies: 9_742, ratings: 100_836 },
      { users: 1_000, movies: 40, ratings: 39_999 },
      { users: 5_000, movies: 87_585, ratings: 1_000_000 },
    ];
    for (const sizes of cases) {
      const counts = userActivity({ ...sizes, seed: 3 });
      expect(counts).toHaveLength(sizes.users);
      expect(sum(counts)).toBe(sizes.ratings);
      expect(Math.max(...counts)).toBeLessThanOrEqual(sizes.movies);
      expect(Math.min(...counts)).toBeGreaterThanOrEqual(1);
    }
  });

  it("gives every user MovieLens's minimum of 20 when the total allows it", () => {
    const counts = userActivity({ users: 500, movies: 2_000, ratings: 50_000, seed: 1 });
    expect(Math.min(...counts)).toBe(MOVIELENS_MIN_RATINGS_PER_USER);
  });

  it('gives everyone an equal floor when the total is too small for 20 each', () => {
    const counts = userActivity({ users: 100, movies: 2_000, ratings: 1_550, seed: 1 });
    expect(sum(counts)).toBe(1_550);
    expect(Math.min(...counts)).toBe(15);
    expect(Math.max(...counts)).toBeGreaterThan(15);
  });

  it('fills the catalogue for every user when the total asks for all of it', () => {
    const counts = userActivity({ users: 10, movies: 30, ratings: 300, seed: 1 });
    expect([...counts]).toEqual(Array(10).fill(30));
  });

  it('caps the busiest users at the catalogue and shares the rest among the others', () => {
    const counts = userActivity({ users: 200, movies: 60, ratings: 9_000, seed: 4 });
    expect(sum(counts)).toBe(9_000);
    expect(Math.max(...counts)).toBe(60);
    expect(counts.filter((n) => n === 60).length).toBeGreaterThan(20);
  });

  it('is long-tailed as the releases are', () => {
    // ml-32m's mean (159 ratings per user) for a tenth of its users; LensKit's log-normal fit of
    // the release's activity (sigma 1.59, shifted by 19) has a median near 67, and its busiest
    // users rated tens of thousands of movies.
    const counts = userActivity({ users: 20_000, movies: 87_585, ratings: 3_184_800, seed: 1 });
    const ordered = sorted(counts);
    const median = ordered[ordered.length >> 1]!;
    const max = ordered[ordered.length - 1]!;
    expect(sum(counts)).toBe(3_184_800);
    expect(ordered[0]).toBe(20);
    expect(median).toBeGreaterThan(50);
    expect(median).toBeLessThan(90);
    expect(max).toBeGreaterThan(5_000);
    // A few heavy users carry a large share, as in the real data.
    const top1Percent = ordered.slice(-ordered.length / 100).reduce((a, b) => a + b, 0);
    expect(top1Percent / 3_184_800).toBeGreaterThan(0.1);
  });

  it('is deterministic from the seed', () => {
    const options = { users: 300, movies: 1_000, ratings: 40_000 };
    expect(userActivity({ ...options, seed: 5 })).toEqual(userActivity({ ...options, seed: 5 }));
    expect(userActivity({ ...options, seed: 6 })).not.toEqual(
      userActivity({ ...options, seed: 5 }),
    );
  });

  it('rejects totals no assignment can reach', () => {
    expect(() => userActivity({ users: 10, movies: 5, ratings: 9, seed: 1 })).toThrow(RangeError);
    expect(() => userActivity({ users: 10, movies: 5, ratings: 51, seed: 1 })).toThrow(
      'ratings must be in users..users × movies (10..50)',
    );
  });
});
