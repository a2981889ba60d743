import { ARTIFACT_FORMAT, type NcfArtifact } from '../format/artifact';
import { DEFAULT_NCF_CONFIG } from '../format/config';
import { MovieSimilarity, REASON_MIN_RATING } from './explain';
import type { MovieNeighbourLists } from '../format/neighbour-lists';
import { weightLayout, sizeOf } from '../format/weights-layout';

// Model indices 0..3 are movies 1..4. Movie 2's raters liked movie 3 most, then movie 1; movie 4's
// list holds movie 2 only; movies 1 and 3 have empty lists.
const IDS = [1, 2, 3, 4];
const LISTS: MovieNeighbourLists = {
  offsets: Int32Array.of(0, 0, 2, 2, 3),
  neighbours: Int32Array.of(2, 0, 1),
  similarities: Float32Array.of(0.4, 0.3, 0.2),
};

describe('MovieSimilarity', () => {
  const similarity = new MovieSimilarity(IDS, LISTS);

  it("lists a movie's strongest co-rating neighbours, most similar first, up to count", () => {
    expect(similarity.similarTo(2, 10)).toEqual([
      { movieId: 3, similarity: expect.closeTo(0.4, 5) },
      { movieId: 1, similarity: expect.closeTo(0.3, 5) },
    ]);
    expect(similarity.similarTo(2, 1).map((s) => s.movieId)).toEqual([3]);
    expect(similarity.similarTo(1, 10)).toEqual([]);
    expect(similarity.similarTo(42, 10)).toEqual([]);
    expect(new MovieSimilarity(IDS).similarTo(2, 10)).toEqual([]);
  });

  it('cites only movies rated 4 stars or more', () => {
    expect(REASON_MIN_RATING).toBe(4);
    // Movie 3 leads movie 2's list but was rated 3.5: the next liked movie in the list is cited.
    const reasons = similarity.explain(
      [2],
      [
        { movieId: 1, rating: 4 },
        { movieId: 3, rating: 3.5 },
      ],
    );
    expect(reasons.get(2)).toEqual({ movieId: 1, similarity: expect.closeTo(0.3, 6) });
  });

  it('gives a user who liked nothing no reason, even with their movies in the list', () => {
    // Five movies at 2 stars; movies 1 and 3 are in movie 2's list.
    const lukewarm = [1, 2, 3, 4, 5].map((movieId) => ({ movieId, rating: 2 }));
    const reasons = similarity.explain([2, 4], lukewarm);
    expect(reasons.get(2)).toBeNull();
    expect(reasons.get(4)).toBeNull();
    expect(similarity.explain([2], [{ movieId: 3, rating: 3.5 }]).get(2)).toBeNull();
  });

  it("cites the liked movie first in the recommended movie's list, with its similarity", () => {
    const ratings = [
      { movieId: 1, rating: 4 },
      { movieId: 3, rating: 5 },
    ];
    expect(similarity.explain([2], ratings).get(2)).toEqual({
      movieId: 3,
      similarity: expect.closeTo(0.4, 6),
    });
    // Without movie 3 among the liked movies, the next in the list.
    expect(similarity.explain([2], [{ movieId: 1, rating: 4.5 }]).get(2)).toEqual({
      movieId: 1,
      similarity: expect.closeTo(0.3, 6),
    });
  });

  it("never cites a liked movie outside the recommended movie's list", () => {
    // Movie 4's list holds movie 2 only; movies 1 and 3 are liked but not in it. Movies 1 and 3
    // have empty lists.
    const ratings = [
      { movieId: 1, rating: 5 },
      { movieId: 3, rating: 5 },
    ];
    const reasons = similarity.explain([4, 1, 3], ratings);
    expect([...reasons]).toEqual([
      [4, null],
      [1, null],
      [3, null],
    ]);
    // Once movie 2 is liked, movie 4 cites it.
    expect(similarity.explain([4], [...ratings, { movieId: 2, rating: 4 }]).get(4)).toEqual({
      movieId: 2,
      similarity: expect.closeTo(0.2, 6),
    });
  });

  it('spreads reasons over anchors nearly as close, not over far ones', () => {
    // Movies 2 and 4 both list movie 3 (0.4) before movie 1 (0.3): once movie 3 has explained
    // movie 2, 0.4 x REASON_REUSE_DISCOUNT (0.28) loses to movie 1's 0.3.
    const shared = new MovieSimilarity(IDS, {
      offsets: Int32Array.of(0, 0, 2, 2, 4),
      neighbours: Int32Array.of(2, 0, 2, 0),
      similarities: Float32Array.of(0.4, 0.3, 0.4, 0.3),
    });
    const ratings = [
      { movieId: 1, rating: 4 },
      { movieId: 3, rating: 5 },
    ];
    const reasons = shared.explain([2, 4], ratings);
    expect(reasons.get(2)).toEqual({ movieId: 3, similarity: expect.closeTo(0.4, 6) });
    expect(reasons.get(4)).toEqual({ movieId: 1, similarity: expect.closeTo(0.3, 6) });
    // Alone, movie 4 cites movie 3 too.
    expect(shared.explain([4], ratings).get(4)?.movieId).toBe(3);
  });

  it('never prefers an anchor less than REASON_MIN_SHARE as close as the closest', () => {
    // Movies 4-7 each list movie 1 (0.4) and movie 2 (0.15). After three citations movie 1's
    // 0.4 x 0.7^3 (0.137) is below 0.15, but movie 2 is under half as close: movie 1 stays.
    const ids = [1, 2, 3, 4, 5, 6, 7];
    const lists = {
      offsets: Int32Array.of(0, 0, 0, 0, 2, 4, 6, 8),
      neighbours: Int32Array.of(0, 1, 0, 1, 0, 1, 0, 1),
      similarities: Float32Array.of(0.4, 0.15, 0.4, 0.15, 0.4, 0.15, 0.4, 0.15),
    };
    const liked = [
      { movieId: 1, rating: 4 },
      { movieId: 2, rating: 4 },
    ];
    const reasons = new MovieSimilarity(ids, lists).explain([4, 5, 6, 7], liked);
    expect([4, 5, 6, 7].map((id) => reasons.get(id)?.movieId)).toEqual([1, 1, 1, 1]);
  });

  it('gives null for a movie the model does not know, and for a model without lists', () => {
    const ratings = [
      { movieId: 1, rating: 5 },
      { movieId: 3, rating: 5 },
    ];
    expect(similarity.explain([42], ratings).get(42)).toBeNull();
    expect(new MovieSimilarity(IDS).explain([2], ratings).get(2)).toBeNull();
  });

  it('is what fromArtifact builds from an artifact, with or without lists', () => {
    const config = { ...DEFAULT_NCF_CONFIG, embedDim: 2, hiddenUnits: [2] };
    const artifact: NcfArtifact = {
      format: ARTIFACT_FORMAT,
      config,
      userIds: [1],
      movieIds: IDS,
      weights: weightLayout(config, 1, IDS.length).map((spec) => ({
        name: spec.name,
        shape: spec.shape,
        data: new Float32Array(sizeOf(spec.shape)),
      })),
    };
    const ratings = [
      { movieId: 1, rating: 4 },
      { movieId: 3, rating: 5 },
    ];
    const withLists = MovieSimilarity.fromArtifact({ ...artifact, reasonNeighbours: LISTS });
    expect(withLists.explain([2], ratings).get(2)?.movieId).toBe(3);
    expect(MovieSimilarity.fromArtifact(artifact).explain([2], ratings).get(2)).toBeNull();
  });
});
