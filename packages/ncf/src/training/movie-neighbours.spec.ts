import { buildSyntheticTriples } from '../testing/synthetic-triples';
import type { TrainingTriples } from './triples';
import { MovieNeighbours } from './movie-neighbours';

function triples(rows: [user: number, movie: number, rating: number][]): TrainingTriples {
  return {
    userIds: Int32Array.from(rows.map((r) => r[0])),
    movieIds: Int32Array.from(rows.map((r) => r[1])),
    ratings: Float32Array.from(rows.map((r) => r[2])),
  };
}

/** Brute force over every pair: the definition in MovieNeighbours' comment. */
function referenceSimilarity(data: TrainingTriples, shrinkage: number): Map<string, number> {
  const byUser = new Map<number, Map<number, number>>();
  data.userIds.forEach((u, r) => {
    const own = byUser.get(u) ?? new Map<number, number>();
    own.set(data.movieIds[r] as number, data.ratings[r] as number);
    byUser.set(u, own);
  });
  const centred = [...byUser.values()].map((own) => {
    const mean = [...own.values()].reduce((s, v) => s + v, 0) / own.size;
    return new Map([...own].map(([m, r]) => [m, r - mean]));
  });
  const movies = [...new Set(data.movieIds)];
  const out = new Map<string, number>();
  for (const a of movies) {
    for (const b of movies) {
      if (a === b) continue;
      let dot = 0;
      let na = 0;
      let nb = 0;
      let n = 0;
      for (const c of centred) {
        const ca = c.get(a);
        const cb = c.get(b);
        if (ca === undefined || cb === undefined) continue;
        dot += ca * cb;
        na += ca * ca;
        nb += cb * cb;
        n++;
      }
      const s = n > 1 ? (dot / Math.sqrt(Math.max(na * nb, 1e-12))) * (n / (n + shrinkage)) : 0;
      if (s > 0) out.set(`${a}:${b}`, s);
    }
  }
  return out;
}

describe('MovieNeighbours.build', () => {
  // Centred: u1 A +1, B +1, E -2; u2 A +1, B +1, C +1, E -3; u3 A 0, C +1, E -1; u4 A +2, D -2.
  const hand = triples([
    [1, 1, 5],
    [1, 2, 5],
    [1, 5, 2],
    [2, 1, 5],
    [2, 2, 5],
    [2, 3, 5],
    [2, 5, 1],
    [3, 1, 4],
    [3, 3, 5],
    [3, 5, 3],
    [4, 1, 5],
    [4, 4, 1],
  ]);

  it('computes shrunk adjusted cosines by hand, keeping the positive ones', () => {
    const nb = MovieNeighbours.build(hand, { shrinkage: 1 });
    // A~B: users 1, 2: 2 / sqrt(2 * 2) * 2/3; A~C: users 2, 3: 1 / sqrt(1 * 2) * 2/3;
    // E is opposed to every movie it shares raters with: left out; B~C, A~D: one co-rater.
    const ab = 2 / 3;
    const ac = (1 / Math.sqrt(2)) * (2 / 3);
    const pairs = (id: number) => nb.neighboursOf(id).map((e) => [e.movieId, e.similarity]);
    expect(pairs(1)).toEqual([
      [2, expect.closeTo(ab, 6)],
      [3, expect.closeTo(ac, 6)],
    ]);
    expect(pairs(2)).toEqual([[1, expect.closeTo(ab, 6)]]);
    expect(pairs(3)).toEqual([[1, expect.closeTo(ac, 6)]]);
    expect(pairs(4)).toEqual([]);
    expect(pairs(5)).toEqual([]);
    expect(pairs(99)).toEqual([]);
    expect(Array.from(nb.movieIds)).toEqual([1, 2, 3, 4, 5]);
    expect(Array.from(nb.offsets)).toEqual([0, 2, 3, 4, 4, 4]);
    // Truncated to one neighbour: the most similar.
    const top1 = MovieNeighbours.build(hand, { shrinkage: 1, neighbours: 1 });
    expect(top1.neighboursOf(1).map((e) => e.movieId)).toEqual([2]);
  });

  it('matches a brute-force reference, and a short list is the head of the long one', () => {
    const data = buildSyntheticTriples({ users: 40, movies: 30, ratingsPerUser: 12, seed: 8 });
    const reference = referenceSimilarity(data, 100);
    const full = MovieNeighbours.build(data, { neighbours: 1000 });
    const short = MovieNeighbours.build(data, { neighbours: 5 });
    let entries = 0;
    for (const a of full.movieIds) {
      const list = full.neighboursOf(a);
      entries += list.length;
      for (const { movieId: b, similarity } of list) {
        expect(similarity).toBeCloseTo(reference.get(`${a}:${b}`) as number, 6);
      }
      const similarities = list.map((e) => e.similarity);
      expect(similarities).toEqual([...similarities].sort((x, y) => y - x));
      expect(short.neighboursOf(a)).toEqual(list.slice(0, 5));
    }
    expect(entries).toBe(reference.size);
  });

  it('rejects bad options and mismatched columns', () => {
    expect(() => MovieNeighbours.build(hand, { neighbours: 0 })).toThrow(/neighbours/);
    expect(() => MovieNeighbours.build(hand, { shrinkage: -1 })).toThrow(/shrinkage/);
    expect(() => MovieNeighbours.build({ ...hand, ratings: new Float32Array(3) })).toThrow(
      /length/,
    );
  });
});
