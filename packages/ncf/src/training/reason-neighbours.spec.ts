import { MovieNeighbours } from './movie-neighbours';
import { createRandom } from '../format/random';
import { reasonNeighboursProblem } from '../format/neighbour-lists';
import { buildReasonNeighbours } from './reason-neighbours';
import type { TrainingTriples } from './triples';

/**
 * Six users over movies 10, 20, 30, 40: those who like 10 like 20 and dislike 30; movie 40 is
 * rated by one user only, so it shares at most one rater with any movie.
 */
function triples(): TrainingTriples {
  const rows: [number, number, number][] = [];
  for (let u = 1; u <= 6; u++) {
    const likes = u % 2 === 0;
    rows.push([u, 10, likes ? 5 : 1], [u, 20, likes ? 4.5 : 1.5], [u, 30, likes ? 1 : 5]);
  }
  rows.push([1, 40, 3]);
  return {
    userIds: Int32Array.from(rows, (r) => r[0]),
    movieIds: Int32Array.from(rows, (r) => r[1]),
    ratings: Float32Array.from(rows, (r) => r[2]),
  };
}

describe('buildReasonNeighbours', () => {
  // The model's movie order, with movie 50 that nobody rated (placed by its features).
  const modelMovieIds = [10, 20, 30, 40, 50];
  const lists = buildReasonNeighbours(triples(), modelMovieIds);
  const listOf = (i: number) =>
    Array.from(lists.neighbours.subarray(lists.offsets[i], lists.offsets[i + 1]), (j, e) => ({
      movieId: modelMovieIds[j],
      similarity: lists.similarities[(lists.offsets[i] as number) + e],
    }));

  it("keeps each movie's positively similar movies, by model index, as MovieNeighbours rates them", () => {
    const all = MovieNeighbours.build(triples());
    const similarity = (a: number, b: number) =>
      all.neighboursOf(a).find((n) => n.movieId === b)?.similarity as number;
    // Movie 30 is opposed to 10 (a negative similarity): MovieNeighbours keeps no such pair.
    expect(similarity(10, 30)).toBeUndefined();
    expect(listOf(0)).toEqual([{ movieId: 20, similarity: expect.closeTo(similarity(10, 20), 6) }]);
    expect(listOf(1)).toEqual([{ movieId: 10, similarity: expect.closeTo(similarity(20, 10), 6) }]);
    // Movie 30 is liked by the others' opposites: no positive neighbour.
    expect(listOf(2)).toEqual([]);
  });

  it('gives movies without two shared raters, or without ratings, an empty list', () => {
    expect(listOf(3)).toEqual([]);
    expect(listOf(4)).toEqual([]);
    expect(lists.offsets).toHaveLength(modelMovieIds.length + 1);
    expect(reasonNeighboursProblem(lists, modelMovieIds.length)).toBeNull();
  });

  it("keeps at most the asked number: the first positive ones of MovieNeighbours' order", () => {
    // 40 users rating 12 movies at random: each movie has several positive neighbours.
    const random = createRandom(5);
    const rows: [number, number, number][] = [];
    for (let u = 1; u <= 40; u++) {
      for (let m = 1; m <= 12; m++) {
        if (random() < 0.7) rows.push([u, m, 0.5 + Math.floor(random() * 10) / 2]);
      }
    }
    const data = {
      userIds: Int32Array.from(rows, (r) => r[0]),
      movieIds: Int32Array.from(rows, (r) => r[1]),
      ratings: Float32Array.from(rows, (r) => r[2]),
    };
    const ids = Array.from({ length: 12 }, (_, i) => i + 1);
    const three = buildReasonNeighbours(data, ids, 3);
    const all = MovieNeighbours.build(data);
    ids.forEach((movieId, i) => {
      const expected = all
        .neighboursOf(movieId)
        .filter((n) => n.similarity > 0)
        .slice(0, 3);
      const got = Array.from(three.neighbours.subarray(three.offsets[i], three.offsets[i + 1]));
      expect(got.map((j) => ids[j])).toEqual(expected.map((n) => n.movieId));
    });
    expect(three.neighbours.length).toBeGreaterThan(12); // most movies have three
  });
});
