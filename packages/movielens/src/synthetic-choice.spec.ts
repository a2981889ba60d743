import { mulberry32 } from './prng';
import { TasteChooser, type ChoiceMovie } from './synthetic-choice';

/** Four movies of two groups; the user leans to factor 0. */
const MOVIES: ChoiceMovie[] = [
  { popularity: 1, factors: [0.9, 0], group: 0 },
  { popularity: 0.5, factors: [0.6, 0.2], group: 0 },
  { popularity: 2, factors: [-0.5, 0.8], group: 1 },
  { popularity: 0.2, factors: [0.1, -0.4], group: 1 },
];
const USER = [1, -0.5];
const TASTE = 2;

/** What every draw follows: popularity × exp(taste × user · movie). */
function weights(movies: ChoiceMovie[], user: number[], taste: number): number[] {
  return movies.map(
    (movie) =>
      movie.popularity * Math.exp(taste * movie.factors.reduce((s, f, k) => s + f * user[k]!, 0)),
  );
}

/** Draws `trials` times and counts each outcome, keyed by the movies drawn in order. */
function frequencies(chooser: TasteChooser, count: number, trials: number): Map<string, number> {
  const random = mulberry32(11);
  const seen = new Map<string, number>();
  for (let t = 0; t < trials; t++) {
    const key = chooser.choose(random, USER, count).join(',');
    seen.set(key, (seen.get(key) ?? 0) + 1 / trials);
  }
  return seen;
}

describe('TasteChooser', () => {
  it('draws a movie in proportion to popularity × exp(taste × affinity)', () => {
    const w = weights(MOVIES, USER, TASTE);
    const total = w.reduce((a, b) => a + b, 0);
    const seen = frequencies(new TasteChooser(MOVIES, TASTE), 1, 40_000);
    w.forEach((weight, movie) => {
      // 40,000 draws: a standard error of at most 0.0025.
      expect(seen.get(String(movie)) ?? 0).toBeCloseTo(weight / total, 2);
    });
  });

  it('draws the next movie among those left, in the same proportion (successive sampling)', () => {
    const w = weights(MOVIES, USER, TASTE);
    const total = w.reduce((a, b) => a + b, 0);
    const seen = frequencies(new TasteChooser(MOVIES, TASTE), 2, 60_000);
    for (let i = 0; i < MOVIES.length; i++) {
      for (let j = 0; j < MOVIES.length; j++) {
        if (i === j) continue;
        const expected = (w[i]! / total) * (w[j]! / (total - w[i]!));
        expect(seen.get(`${i},${j}`) ?? 0).toBeCloseTo(expected, 2);
      }
    }
  });

  it('follows popularity alone at taste 0', () => {
    const seen = frequencies(new TasteChooser(MOVIES, 0), 1, 40_000);
    const total = MOVIES.reduce((sum, f) => sum + f.popularity, 0);
    MOVIES.forEach((movie, index) => {
      expect(seen.get(String(index)) ?? 0).toBeCloseTo(movie.popularity / total, 2);
    });
  });

  it('gives distinct movies, every one when asked for all, even one it almost never proposes', () => {
    const movies = [...MOVIES, { popularity: 1e-12, factors: [-1, 1], group: 1 }];
    const chooser = new TasteChooser(movies, TASTE);
    const random = mulberry32(3);
    for (let t = 0; t < 50; t++) {
      expect([...chooser.choose(random, USER, movies.length)].sort()).toEqual([0, 1, 2, 3, 4]);
      expect(new Set(chooser.choose(random, USER, 3)).size).toBe(3);
    }
    expect(chooser.choose(random, USER, 99)).toHaveLength(movies.length);
    expect(chooser.choose(random, USER, 0)).toEqual([]);
  });

  it('is deterministic from the random source', () => {
    const chooser = new TasteChooser(MOVIES, TASTE);
    expect(chooser.choose(mulberry32(5), USER, 3)).toEqual(chooser.choose(mulberry32(5), USER, 3));
  });

  it('costs a few random draws per movie chosen, not one per movie of the catalogue', () => {
    // 20,000 movies in 6 groups by strongest factor, as the generator makes them.
    const build = mulberry32(8);
    const movies: ChoiceMovie[] = Array.from({ length: 20_000 }, () => {
      const group = Math.floor(build() * 6);
      const factors = Array.from({ length: 6 }, (_, k) =>
        k === group ? 0.5 + 0.5 * build() : 0.3 * build() - 0.15,
      );
      return { popularity: 1 / (1 + build() * 20_000) ** 0.8, factors, group };
    });
    const chooser = new TasteChooser(movies, 4);
    let calls = 0;
    const source = mulberry32(9);
    const counted = () => {
      calls++;
      return source();
    };
    const user = [1.1, 0.2, -0.3, 0.1, -0.2, 0.25];
    for (let t = 0; t < 20; t++) expect(new Set(chooser.choose(counted, user, 50)).size).toBe(50);
    expect(calls / (20 * 50)).toBeLessThan(40);
  });
});
