import { ARTIFACT_FORMAT, ArtifactError, type NcfArtifact } from './artifact';
import { DEFAULT_NCF_CONFIG } from './config';
import { ItemSimilarity, reasonAnchors } from './explain';
import { weightLayout, sizeOf } from './weights-layout';

// Films 1..4 in 2-d: 1 and 2 point the same way (2 is longer), 3 is orthogonal, 4 opposite 1.
const IDS = [1, 2, 3, 4];
const EMBEDDINGS = Float32Array.from([1, 0, 3, 0.3, 0, 2, -1, 0]);

describe('reasonAnchors', () => {
  it('keeps ratings of 3.5 and more', () => {
    const ratings = [
      { movieId: 1, rating: 3.5 },
      { movieId: 2, rating: 3 },
      { movieId: 3, rating: 5 },
    ];
    expect(reasonAnchors(ratings).map((r) => r.movieId)).toEqual([1, 3]);
  });

  it('falls back to the best-rated films (all of them on a tie) when none is 3.5 or more', () => {
    const ratings = [
      { movieId: 1, rating: 2 },
      { movieId: 2, rating: 3 },
      { movieId: 3, rating: 3 },
    ];
    expect(reasonAnchors(ratings).map((r) => r.movieId)).toEqual([2, 3]);
  });

  it('chooses among films the model knows only', () => {
    const ratings = [
      { movieId: 1, rating: 5 },
      { movieId: 2, rating: 2 },
    ];
    expect(reasonAnchors(ratings, (id) => id !== 1).map((r) => r.movieId)).toEqual([2]);
    expect(reasonAnchors([], () => true)).toEqual([]);
  });
});

describe('ItemSimilarity', () => {
  const items = new ItemSimilarity(IDS, EMBEDDINGS, 2);

  it('computes cosine similarity independent of vector length', () => {
    expect(items.similarity(1, 1)).toBeCloseTo(1, 6);
    expect(items.similarity(1, 3)).toBeCloseTo(0, 6);
    expect(items.similarity(1, 4)).toBeCloseTo(-1, 6);
    expect(items.similarity(1, 2)).toBeCloseTo(3 / Math.hypot(3, 0.3), 6);
    expect(items.similarity(1, 99)).toBeNull();
  });

  it('explains each recommendation by the nearest liked film', () => {
    const ratings = [
      { movieId: 1, rating: 4 }, // near 2
      { movieId: 3, rating: 5 }, // near nothing but itself
      { movieId: 4, rating: 1 }, // disliked: never a reason while liked films exist
    ];
    const reasons = items.explain([2, 4], ratings);
    expect(reasons.get(2)).toEqual({ movieId: 1, similarity: expect.closeTo(0.995, 3) });
    // For film 4, film 3 (cosine 0) beats film 1 (cosine -1); film 4 itself was disliked.
    expect(reasons.get(4)).toEqual({ movieId: 3, similarity: expect.closeTo(0, 6) });
  });

  it('spreads reasons by embeddings too', () => {
    // Anchors 20 and 21 lean either side of the x axis; films 10 and 11 lean toward 20, both
    // with cosines near 1 to each anchor.
    const near = new ItemSimilarity(
      [10, 11, 20, 21],
      Float32Array.from([1, 0.05, 1, 0.04, 1, 0.1, 1, -0.1]),
      2,
    );
    const liked = [
      { movieId: 20, rating: 4 },
      { movieId: 21, rating: 4 },
    ];
    expect(near.explain([10], liked).get(10)?.movieId).toBe(20);
    expect(near.explain([11], liked).get(11)?.movieId).toBe(20);
    const both = near.explain([10, 11], liked);
    expect(both.get(10)?.movieId).toBe(20);
    expect(both.get(11)).toEqual({
      movieId: 21,
      similarity: expect.closeTo(near.similarity(11, 21) as number, 6),
    });
  });

  it('gives null when the film or every rated film is unknown to the model', () => {
    const reasons = items.explain([2, 42], [{ movieId: 77, rating: 5 }]);
    expect(reasons.get(2)).toBeNull();
    expect(reasons.get(42)).toBeNull();
  });

  it('reads the movie embedding matrix of an artifact', () => {
    const config = { ...DEFAULT_NCF_CONFIG, embedDim: 2, hiddenUnits: [2] };
    const layout = weightLayout(config, 1, IDS.length);
    const artifact: NcfArtifact = {
      format: ARTIFACT_FORMAT,
      config,
      userIds: [1],
      movieIds: IDS,
      weights: layout.map((spec) => ({
        name: spec.name,
        shape: spec.shape,
        data: spec.name === 'movie_embedding' ? EMBEDDINGS : new Float32Array(sizeOf(spec.shape)),
      })),
    };
    const fromArtifact = ItemSimilarity.fromArtifact(artifact);
    expect(fromArtifact.similarity(1, 2)).toBeCloseTo(items.similarity(1, 2) as number, 6);
    expect(() =>
      ItemSimilarity.fromArtifact({ ...artifact, weights: artifact.weights.slice(2) }),
    ).toThrow(ArtifactError);
  });

  describe('with co-rating neighbours', () => {
    // Model indices 0..3 are films 1..4. Film 2's raters liked film 3 most, then film 1;
    // film 4's list names nobody the user rated.
    const lists = {
      offsets: Int32Array.of(0, 0, 2, 2, 3),
      neighbours: Int32Array.of(2, 0, 1),
      similarities: Float32Array.of(0.4, 0.3, 0.2),
    };
    const withLists = new ItemSimilarity(IDS, EMBEDDINGS, 2, lists);
    const ratings = [
      { movieId: 1, rating: 4 },
      { movieId: 3, rating: 5 },
    ];

    it("cites the liked film first in the recommended film's list, with its similarity", () => {
      // By embeddings film 1 is film 2's nearest (cosine 0.995, film 3: 0.1); by ratings film 3.
      expect(withLists.explain([2], ratings).get(2)).toEqual({
        movieId: 3,
        similarity: expect.closeTo(0.4, 6),
      });
      // Without film 3 among the liked films, the next in the list.
      expect(withLists.explain([2], [{ movieId: 1, rating: 4 }]).get(2)).toEqual({
        movieId: 1,
        similarity: expect.closeTo(0.3, 6),
      });
    });

    it('spreads reasons over anchors nearly as close, not over far ones', () => {
      // Films 2 and 4 both list film 3 (0.4) before film 1 (0.3): once film 3 has explained
      // film 2, 0.4 x REASON_REUSE_DISCOUNT (0.28) loses to film 1's 0.3.
      const shared = {
        offsets: Int32Array.of(0, 0, 2, 2, 4),
        neighbours: Int32Array.of(2, 0, 2, 0),
        similarities: Float32Array.of(0.4, 0.3, 0.4, 0.3),
      };
      const reasons = new ItemSimilarity(IDS, EMBEDDINGS, 2, shared).explain([2, 4], ratings);
      expect(reasons.get(2)).toEqual({ movieId: 3, similarity: expect.closeTo(0.4, 6) });
      expect(reasons.get(4)).toEqual({ movieId: 1, similarity: expect.closeTo(0.3, 6) });
    });

    it('never prefers an anchor less than REASON_MIN_SHARE as close as the closest', () => {
      // Films 4-7 each list film 1 (0.4) and film 2 (0.15). After three citations film 1's
      // 0.4 x 0.7^3 (0.137) is below 0.15, but film 2 is under half as close: film 1 stays.
      const ids = [1, 2, 3, 4, 5, 6, 7];
      const lists = {
        offsets: Int32Array.of(0, 0, 0, 0, 2, 4, 6, 8),
        neighbours: Int32Array.of(0, 1, 0, 1, 0, 1, 0, 1),
        similarities: Float32Array.of(0.4, 0.15, 0.4, 0.15, 0.4, 0.15, 0.4, 0.15),
      };
      const similarity = new ItemSimilarity(ids, new Float32Array(ids.length * 2), 2, lists);
      const liked = [
        { movieId: 1, rating: 4 },
        { movieId: 2, rating: 4 },
      ];
      const reasons = similarity.explain([4, 5, 6, 7], liked);
      expect([4, 5, 6, 7].map((id) => reasons.get(id)?.movieId)).toEqual([1, 1, 1, 1]);
    });

    it('falls back to the embeddings when no liked film is in the list', () => {
      // Film 4's list holds film 2 only: the embeddings choose film 3 (cosine 0, film 1: -1).
      expect(withLists.explain([4], ratings).get(4)).toEqual({
        movieId: 3,
        similarity: expect.closeTo(0, 6),
      });
    });

    it('is what fromArtifact builds from an artifact that carries them', () => {
      const config = { ...DEFAULT_NCF_CONFIG, embedDim: 2, hiddenUnits: [2] };
      const artifact: NcfArtifact = {
        format: ARTIFACT_FORMAT,
        config,
        userIds: [1],
        movieIds: IDS,
        weights: weightLayout(config, 1, IDS.length).map((spec) => ({
          name: spec.name,
          shape: spec.shape,
          data: spec.name === 'movie_embedding' ? EMBEDDINGS : new Float32Array(sizeOf(spec.shape)),
        })),
        reasonNeighbours: lists,
      };
      expect(ItemSimilarity.fromArtifact(artifact).explain([2], ratings).get(2)?.movieId).toBe(3);
    });
  });

  it('rejects an embedding matrix of the wrong size', () => {
    expect(() => new ItemSimilarity([1, 2], new Float32Array(3), 2)).toThrow(RangeError);
  });
});
