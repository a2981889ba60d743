import type { RatingRecord } from '@marquee/movielens';
import { EASE_MAX_USERS, Ease } from './ease';

/**
 * Synthetic implicit data: `users` users over `movies` movies with ids 10, 20, …; each user
 * rates a pseudo-random subset (at least one movie), with arbitrary rating values that EASE
 * must ignore. User ids are 101, 102, … so they are not row indices.
 */
function synthetic(users: number, movies: number, seed: number): RatingRecord[] {
  let state = seed;
  const rand = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const ratings: RatingRecord[] = [];
  for (let u = 0; u < users; u++) {
    for (let f = 0; f < movies; f++) {
      if (rand() < 0.4 || (u + f) % movies === 0) {
        ratings.push({
          userId: 101 + u,
          movieId: 10 * (f + 1),
          rating: 0.5 + Math.floor(rand() * 10) / 2,
          timestamp: 0,
        });
      }
    }
  }
  return ratings;
}

/** Inverse by Gauss-Jordan elimination with partial pivoting (dense, row-major arrays). */
function gaussJordanInverse(a: number[][]): number[][] {
  const n = a.length;
  const m = a.map((row, i) => [...row, ...row.map((_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[pivot]![c]!)) pivot = r;
    [m[c], m[pivot]] = [m[pivot]!, m[c]!];
    const p = m[c]![c]!;
    for (let j = 0; j < 2 * n; j++) m[c]![j]! /= p;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]!;
      for (let j = 0; j < 2 * n; j++) m[r]![j]! -= f * m[c]![j]!;
    }
  }
  return m.map((row) => row.slice(n));
}

/**
 * The paper's item-side EASE, done naively: G = XᵀX, P = (G + λI)⁻¹,
 * B = I − P·diagMat(1/diag(P)). Returns B over `movieIds`.
 */
function naiveB(train: readonly RatingRecord[], movieIds: number[], lambda: number): number[][] {
  const n = movieIds.length;
  const col = new Map(movieIds.map((id, j) => [id, j]));
  const moviesByUser = new Map<number, Set<number>>();
  for (const r of train) {
    const movies = moviesByUser.get(r.userId) ?? new Set<number>();
    movies.add(col.get(r.movieId)!);
    moviesByUser.set(r.userId, movies);
  }
  const g = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (const movies of moviesByUser.values()) {
    for (const i of movies) for (const j of movies) g[i]![j]! += 1;
  }
  for (let i = 0; i < n; i++) g[i]![i]! += lambda;
  const p = gaussJordanInverse(g);
  return p.map((row, i) => row.map((v, j) => (i === j ? 1 : 0) - v / p[j]![j]!));
}

/** x·B for the 0/1 vector of `rated` movies. */
function naiveScores(b: number[][], movieIds: number[], rated: readonly number[]): number[] {
  const x: number[] = movieIds.map((id) => (rated.includes(id) ? 1 : 0));
  return movieIds.map((_, j) => x.reduce((s, xi, i) => s + xi * b[i]![j]!, 0));
}

/** Unrated movies match x·B to 1e-9 relative to the largest score; rated ones are −Infinity. */
function expectMatchesNaive(
  actual: Float64Array,
  expected: number[],
  movieIds: number[],
  rated: readonly number[],
): void {
  expect(actual).toHaveLength(movieIds.length);
  const scale = Math.max(...expected.map(Math.abs));
  expect(scale).toBeGreaterThan(0);
  movieIds.forEach((id, j) => {
    if (rated.includes(id)) {
      expect(actual[j]).toBe(-Infinity);
    } else {
      expect(Math.abs(actual[j]! - expected[j]!)).toBeLessThanOrEqual(1e-9 * scale);
    }
  });
}

function moviesOf(train: readonly RatingRecord[], userId: number): number[] {
  return train.filter((r) => r.userId === userId).map((r) => r.movieId);
}

describe('Ease', () => {
  const train = synthetic(8, 12, 42);
  const userIds = [...new Set(train.map((r) => r.userId))];

  it('lists every training movie in ascending id order', () => {
    const ease = Ease.fit([...train].reverse(), 5);
    expect(ease.movieIds).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120]);
    expect(ease.lambda).toBe(5);
  });

  it.each([0.5, 5, 200])(
    'matches the item-side closed form for every training user (λ = %p)',
    (lambda) => {
      const ease = Ease.fit(train, lambda);
      const b = naiveB(train, ease.movieIds, lambda);
      b.forEach((row, i) => expect(row[i]).toBe(0));
      for (const userId of userIds) {
        const rated = moviesOf(train, userId);
        expectMatchesNaive(
          ease.scores(rated),
          naiveScores(b, ease.movieIds, rated),
          ease.movieIds,
          rated,
        );
      }
    },
  );

  it('holds when there are more users than movies', () => {
    const tall = synthetic(15, 5, 9);
    const ease = Ease.fit(tall, 2);
    const b = naiveB(tall, ease.movieIds, 2);
    for (const userId of new Set(tall.map((r) => r.userId))) {
      const rated = moviesOf(tall, userId);
      if (rated.length === ease.movieIds.length) continue;
      expectMatchesNaive(
        ease.scores(rated),
        naiveScores(b, ease.movieIds, rated),
        ease.movieIds,
        rated,
      );
    }
  });

  it('scores a new user by the same formula, ignoring unknown and repeated movies', () => {
    const ease = Ease.fit(train, 3);
    const b = naiveB(train, ease.movieIds, 3);
    const rated = [30, 110, 70];
    const scores = ease.scores([30, 999, 110, 30, 70]);
    expectMatchesNaive(scores, naiveScores(b, ease.movieIds, rated), ease.movieIds, rated);
  });

  it('gives all-zero scores when no known movie is rated', () => {
    const ease = Ease.fit(train, 3);
    expect([...ease.scores([])]).toEqual(new Array(12).fill(0));
    expect([...ease.scores([999])]).toEqual(new Array(12).fill(0));
  });

  it('reads ratings as implicit: values and duplicate pairs do not matter', () => {
    const relabelled = train.map((r) => ({ ...r, rating: 5 }));
    const duplicated = [...train, ...train.slice(0, 10).map((r) => ({ ...r, rating: 1 }))];
    const rated = moviesOf(train, userIds[2]!);
    const reference = Ease.fit(train, 4).scores(rated);
    expect(Ease.fit(relabelled, 4).scores(rated)).toEqual(reference);
    const dup = Ease.fit(duplicated, 4).scores(rated);
    dup.forEach((v, j) => expect(v).toBeCloseTo(reference[j]!, 12));
  });

  it('rejects a lambda that is not a finite positive number', () => {
    for (const lambda of [0, -1, NaN, Infinity]) {
      expect(() => Ease.fit(train, lambda)).toThrow(RangeError);
    }
  });

  it(`refuses more than EASE_MAX_USERS (${EASE_MAX_USERS}) users`, () => {
    const many = Array.from({ length: EASE_MAX_USERS + 1 }, (_, u) => ({
      userId: u,
      movieId: 1 + (u % 50),
      rating: 4,
      timestamp: 0,
    }));
    expect(() => Ease.fit(many, 10)).toThrow(/at most 20000 users.*sample/);
  });
});
