import { LIKED_RATING } from '@marquee/contracts';
import type { RatingRecord } from '@marquee/movielens';
import {
  catalogueCoverage,
  listChange,
  meanOverlap,
  rankingMetrics,
  relevantFromRatings,
  type TopLists,
} from './ranking-metrics';

const log2 = Math.log2;

/** A single user's scores. */
function scoresOf(list: number[] | undefined, relevant: number[], k: number) {
  const lists: TopLists = list ? new Map([[1, list]]) : new Map();
  return rankingMetrics(lists, new Map([[1, new Set(relevant)]]), k);
}

describe('rankingMetrics', () => {
  it('scores a user by hand: relevant {1,2,3}, list [1,9,2,8,7], k = 5', () => {
    const s = scoresOf([1, 9, 2, 8, 7], [1, 2, 3], 5);
    // Hits at ranks 1 and 3.
    expect(s.precision).toBeCloseTo(2 / 5, 12);
    expect(s.recall).toBeCloseTo(2 / 3, 12);
    // dcg = 1/log2(2) + 1/log2(4) = 1.5; idcg = 1 + 1/log2(3) + 1/log2(4)
    expect(s.ndcg).toBeCloseTo((1 + 1 / log2(4)) / (1 + 1 / log2(3) + 1 / log2(4)), 12);
    // AP = (1/1 + 2/3) / 3
    expect(s.map).toBeCloseTo((1 / 1 + 2 / 3) / 3, 12);
    expect(s.users).toBe(1);
  });

  it('divides precision by k when the list is shorter than k', () => {
    // relevant {4}, list [5, 4]: one hit at rank 2.
    const s = scoresOf([5, 4], [4], 5);
    expect(s.precision).toBeCloseTo(1 / 5, 12);
    expect(s.recall).toBe(1);
    // dcg = 1/log2(3); idcg over min(5, 1) = 1 hit = 1/log2(2) = 1
    expect(s.ndcg).toBeCloseTo(1 / log2(3), 12);
    // AP = (1/2) / 1
    expect(s.map).toBeCloseTo(0.5, 12);
  });

  it('with more relevant movies than k: ideal DCG over k hits, AP divided by |relevant|', () => {
    // relevant {1..6}, list [1,2,3,10], k = 3: hits at ranks 1, 2, 3.
    const s = scoresOf([1, 2, 3, 10], [1, 2, 3, 4, 5, 6], 3);
    expect(s.precision).toBe(1);
    expect(s.recall).toBeCloseTo(3 / 6, 12);
    // dcg = idcg = 1 + 1/log2(3) + 1/log2(4): a perfect top 3.
    expect(s.ndcg).toBeCloseTo(1, 12);
    // AP = (1/1 + 2/2 + 3/3) / 6 = 0.5 (the min(|relevant|, k) variant would give 1).
    expect(s.map).toBeCloseTo(0.5, 12);
  });

  it('counts only the first k movies of a list', () => {
    const s = scoresOf([7, 8, 1], [1], 2);
    expect(s).toEqual({ precision: 0, recall: 0, ndcg: 0, map: 0, users: 1 });
    expect(scoresOf([7, 8, 1], [1], 3).recall).toBe(1);
  });

  it('counts a movie repeated in a list as one hit', () => {
    // relevant {1, 2}, list [1, 1, 2], k = 3: hits at ranks 1 and 3.
    const s = scoresOf([1, 1, 2], [1, 2], 3);
    expect(s.precision).toBeCloseTo(2 / 3, 12);
    expect(s.recall).toBe(1);
    expect(s.map).toBeCloseTo((1 / 1 + 2 / 3) / 2, 12);
  });

  it('averages over the users of relevant; a user without a list scores 0', () => {
    const lists = new Map([
      [1, [1, 9, 2, 8, 7]],
      [2, [5, 4]],
      [99, [1, 2, 3]], // no relevant movie: not evaluated
    ]);
    const relevant = new Map([
      [1, new Set([1, 2, 3])],
      [2, new Set([4])],
      [3, new Set([1])], // no list
    ]);
    const s = rankingMetrics(lists, relevant, 5);
    expect(s.users).toBe(3);
    expect(s.precision).toBeCloseTo((2 / 5 + 1 / 5 + 0) / 3, 12);
    expect(s.recall).toBeCloseTo((2 / 3 + 1 + 0) / 3, 12);
    const ndcg1 = (1 + 1 / log2(4)) / (1 + 1 / log2(3) + 1 / log2(4));
    expect(s.ndcg).toBeCloseTo((ndcg1 + 1 / log2(3) + 0) / 3, 12);
    expect(s.map).toBeCloseTo(((1 + 2 / 3) / 3 + 0.5 + 0) / 3, 12);
  });

  it.each([0, -1, 2.5, Number.NaN])('rejects k = %p', (k) => {
    expect(() => scoresOf([1], [1], k)).toThrow(
      new RangeError(`k must be a positive integer, got ${k}`),
    );
  });

  it('rejects an empty relevant map and a user with no relevant movie', () => {
    expect(() => rankingMetrics(new Map([[1, [1]]]), new Map(), 5)).toThrow(/no user to evaluate/);
    expect(() => rankingMetrics(new Map(), new Map([[7, new Set<number>()]]), 5)).toThrow(
      /user 7 has no relevant film/,
    );
  });
});

describe('relevantFromRatings', () => {
  const test: RatingRecord[] = [
    { userId: 1, movieId: 10, rating: 4, timestamp: 0 },
    { userId: 1, movieId: 11, rating: 3.5, timestamp: 0 },
    { userId: 2, movieId: 10, rating: 2, timestamp: 0 },
    { userId: 3, movieId: 12, rating: 5, timestamp: 0 },
  ];

  it('keeps every held-out movie by default', () => {
    expect(relevantFromRatings(test)).toEqual(
      new Map([
        [1, new Set([10, 11])],
        [2, new Set([10])],
        [3, new Set([12])],
      ]),
    );
  });

  it('keeps ratings >= minRating and drops users left with none', () => {
    expect(relevantFromRatings(test, LIKED_RATING)).toEqual(
      new Map([
        [1, new Set([10])],
        [3, new Set([12])],
      ]),
    );
  });
});

describe('catalogueCoverage', () => {
  it('is the share of the catalogue in any list', () => {
    const lists = new Map([
      [1, [1, 2, 3]],
      [2, [3, 4]],
    ]);
    // {1, 2, 3, 4} of 10 movies
    expect(catalogueCoverage(lists, 10)).toBeCloseTo(0.4, 12);
    expect(catalogueCoverage(new Map(), 10)).toBe(0);
  });

  it('rejects a catalogue size that is not a positive integer', () => {
    expect(() => catalogueCoverage(new Map(), 0)).toThrow(/catalogueSize/);
  });
});

describe('meanOverlap', () => {
  it('averages |A ∩ B| / k over all pairs, by hand', () => {
    const lists = new Map([
      [1, [1, 2, 3]],
      [2, [1, 2, 4]],
      [3, [5, 6, 7, 1]], // movie 1 is beyond k = 3
    ]);
    // pairs (1,2): 2 shared, (1,3): 0, (2,3): 0 -> (2/3 + 0 + 0) / 3
    expect(meanOverlap(lists, 3)).toBeCloseTo(2 / 9, 12);
    // k = 4: (1,2): 2 of 4, (1,3): 1, (2,3): 1 -> (2/4 + 1/4 + 1/4) / 3
    expect(meanOverlap(lists, 4)).toBeCloseTo(1 / 3, 12);
  });

  it('is 1 for identical full lists and 0 with fewer than two lists', () => {
    const same = new Map([1, 2, 3].map((u) => [u, [4, 5, 6]]));
    expect(meanOverlap(same, 3)).toBe(1);
    expect(meanOverlap(new Map([[1, [1, 2]]]), 2)).toBe(0);
    expect(meanOverlap(new Map(), 2)).toBe(0);
  });

  it('matches the pairwise definition on larger lists', () => {
    let state = 12345;
    const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) % 40;
    const lists = new Map<number, number[]>();
    for (let u = 1; u <= 25; u++) {
      lists.set(u, [...new Set(Array.from({ length: 14 }, next))]);
    }
    const k = 10;
    const entries = [...lists.values()];
    let sum = 0;
    let pairs = 0;
    for (let i = 0; i < entries.length; i++) {
      for (let j = i + 1; j < entries.length; j++) {
        const b = new Set((entries[j] as number[]).slice(0, k));
        sum += (entries[i] as number[]).slice(0, k).filter((m) => b.has(m)).length / k;
        pairs++;
      }
    }
    expect(sum).toBeGreaterThan(0);
    expect(meanOverlap(lists, k)).toBeCloseTo(sum / pairs, 12);
  });

  it('rejects k <= 0', () => {
    expect(() => meanOverlap(new Map(), 0)).toThrow(/k must be a positive integer/);
  });
});

describe('listChange', () => {
  const first = new Map([
    [1, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]],
    [2, [1, 2, 3]],
    [3, [1, 2, 3]], // absent from second: ignored
  ]);
  const second = new Map([
    [1, [1, 2, 3, 4, 5, 6, 7, 11, 12, 13]],
    [2, [3, 2, 1]],
    [4, [9]], // absent from first: ignored
  ]);

  it('averages the movies of the first top k missing from the second over shared users', () => {
    // user 1: 8, 9, 10 dropped -> 3; user 2: same movies reordered -> 0
    expect(listChange(first, second, 10)).toBeCloseTo(1.5, 12);
    // k = 2: user 1 [1,2] vs [1,2] -> 0; user 2 [1,2] vs [3,2] -> 1
    expect(listChange(first, second, 2)).toBeCloseTo(0.5, 12);
  });

  it('rejects runs without a common user and k <= 0', () => {
    expect(() => listChange(new Map([[1, [1]]]), new Map([[2, [1]]]), 10)).toThrow(
      /no user has a list in both runs/,
    );
    expect(() => listChange(first, second, 0)).toThrow(/k must be a positive integer/);
  });
});
