import { packNeighbourLists, type MovieNeighbourLists } from '../format/neighbour-lists';
import { newUserStackProblem, type NewUserStack } from '../format/new-user-stack';
import {
  KNN_DAMPING,
  STACK_BUCKET_EDGES,
  StackFeatureSource,
  applyNewUserStack,
  stackBucket,
  type StackMovieData,
} from './stack';

describe('stackBucket', () => {
  it('splits movie counts at 0 / 1-2 / 3-9 / 10-49 / 50+', () => {
    const counts = [0, 1, 2, 3, 9, 10, 49, 50, 5000];
    expect(counts.map((c) => stackBucket(c))).toEqual([0, 1, 1, 2, 2, 3, 3, 4, 4]);
    expect(stackBucket(7, [0, 10])).toBe(0);
    expect(STACK_BUCKET_EDGES).toEqual([0, 1, 3, 10, 50]);
  });
});

/** Lists from [movie, [neighbour, similarity][]] pairs over `movies` movies. */
function lists(movies: number, entries: Record<number, [number, number][]>): MovieNeighbourLists {
  return packNeighbourLists(movies, (i) => entries[i] ?? []);
}

// Four movies: means 4, 2, 3, 3.5; counts 0, 5, 20, 80 (buckets 0, 2, 3, 4).
// Movie 0 lists movie 2 (0.5) and movie 3 (0.25); movie 1 lists movie 2 (1).
const movies: StackMovieData = {
  movieMeans: [4, 2, 3, 3.5],
  counts: [0, 5, 20, 80],
  neighbours: lists(4, {
    0: [
      [2, 0.5],
      [3, 0.25],
    ],
    1: [[2, 1]],
  }),
};

describe('StackFeatureSource', () => {
  it("gives each movie's bucket, once per set of edges", () => {
    const source = new StackFeatureSource(movies);
    const buckets = source.bucketsFor(STACK_BUCKET_EDGES);
    expect(Array.from(buckets)).toEqual([0, 2, 3, 4]);
    expect(source.bucketsFor(STACK_BUCKET_EDGES)).toBe(buckets);
    expect(Array.from(source.bucketsFor([0, 10]))).toEqual([0, 0, 1, 1]);
  });

  it("computes userOffset and the kNN of the user's residuals over the rated movies' lists", () => {
    const source = new StackFeatureSource(movies);
    // Rated: movie 0 at 5 (mean 4), movie 1 at 1 (mean 2); lambda 2:
    // offset = ((5 - 4) + (1 - 2)) / (2 + 2) = 0; residuals z0 = 1, z1 = -1.
    source.load(
      [
        { index: 0, rating: 5 },
        { index: 1, rating: 1 },
      ],
      2,
    );
    expect(source.revealedMean).toBe(3);
    const row = new Float64Array(4);
    // Movie 2: rated neighbours movie 0 (0.5, z 1) and movie 1 (1, z -1):
    // knn = (0.5 - 1) / (1.5 + damping).
    expect(Array.from(source.featureRow(2, 3.6, row))).toEqual([
      1,
      3.6 - 3,
      3 - 3,
      -0.5 / (1.5 + KNN_DAMPING),
    ]);
    // Movie 3: only movie 0 (0.25, z 1).
    expect(source.featureRow(3, 4, row)[3]).toBeCloseTo(0.25 / (0.25 + KNN_DAMPING), 12);
    // Movie 1 is in no rated movie's list.
    expect(source.featureRow(1, 2, row)[3]).toBe(0);
  });

  it("shrinks the offset by lambda and forgets the last user's neighbours", () => {
    const source = new StackFeatureSource(movies);
    source.load([{ index: 0, rating: 5 }], 1);
    expect(source.featureRow(2, 3, new Float64Array(4))[3]).not.toBe(0);
    // One rating of movie 3 at 4.5 (mean 3.5), lambda 3: offset 1 / 4.
    source.load([{ index: 3, rating: 4.5 }], 3);
    expect(source.userOffset(1)).toBeCloseTo(2.25, 12);
    // Movie 3 lists nothing, so no movie has a kNN term.
    for (let i = 0; i < 4; i++) expect(source.featureRow(i, 3, new Float64Array(4))[3]).toBe(0);
  });

  it('refuses a user with no rating and movies that do not line up', () => {
    expect(() => new StackFeatureSource(movies).load([], 1)).toThrow(/at least one rating/);
    expect(() => new StackFeatureSource({ ...movies, counts: [0, 1] })).toThrow(/same films/);
  });
});

describe('applyNewUserStack', () => {
  const stack: NewUserStack = {
    foldIn: 'map',
    lambda: 2,
    bucketEdges: [0, 10],
    itemMeans: [4, 2, 3, 3.5],
    weights: [
      [0.1, 0.5, 0.25, 0],
      [-0.2, 0.3, 0.6, 0.8],
    ],
  };
  const rated = [
    { index: 0, rating: 5 },
    { index: 1, rating: 1 },
  ];

  it("adds the bucket's weighted features to the mean rating, movie by movie, in place", () => {
    const scores = Float32Array.of(4, 2.5, 3.6, 4.4);
    applyNewUserStack(stack, new StackFeatureSource(movies), rated, scores, null, [0.5, 5]);
    // rbar 3, offset 0. Movie 0 (bucket 0): 3 + 0.1 + 0.5 (4 - 3) + 0.25 (4 - 3) = 3.85.
    // Movie 1 (count 5, bucket 0): 3 + 0.1 + 0.5 (2.5 - 3) + 0.25 (2 - 3) = 2.6.
    // Movie 2 (bucket 1): 3 - 0.2 + 0.3 (0.6) + 0.6 (0) + 0.8 (-0.5 / 2) = 2.78.
    // Movie 3 (bucket 1): 3 - 0.2 + 0.3 (1.4) + 0.6 (0.5) + 0.8 (0.25 / 0.75).
    const expected = [3.85, 2.6, 2.78, 3 - 0.2 + 0.42 + 0.3 + 0.8 / 3];
    expected.forEach((v, k) => expect(scores[k]).toBeCloseTo(v, 5));
  });

  it('maps scores to movies through indices, and clips to the rating range', () => {
    const scores = Float32Array.of(4.4, 4);
    const steep = { ...stack, weights: [stack.weights[0]!, [0, 10, 0, 0]] };
    applyNewUserStack(
      steep,
      new StackFeatureSource(movies),
      rated,
      scores,
      Int32Array.of(3, 0),
      [0.5, 5],
    );
    // Movie 3: 3 + 10 (4.4 - 3) = 17, clipped to 5; movie 0 as above.
    expect(scores[0]).toBe(5);
    expect(scores[1]).toBeCloseTo(3.85, 5);
  });

  it('leaves the scores alone for a user without known ratings', () => {
    const scores = Float32Array.of(4, 2.5, 3.6, 4.4);
    applyNewUserStack(stack, new StackFeatureSource(movies), [], scores, null, [0.5, 5]);
    expect(Array.from(scores)).toEqual(Array.from(Float32Array.of(4, 2.5, 3.6, 4.4)));
  });
});

describe('newUserStackProblem', () => {
  const good: NewUserStack = {
    foldIn: 'map',
    lambda: 5,
    bucketEdges: [0, 1, 3, 10, 50],
    weights: Array.from({ length: 5 }, () => [0, 1, 0, 0]),
    itemMeans: [3, 4],
  };

  it('accepts a well-formed stack and names what is wrong with others', () => {
    expect(newUserStackProblem(good, 2)).toBeNull();
    expect(newUserStackProblem(good, 3)).toMatch(/itemMeans must hold one mean per film \(3\)/);
    expect(newUserStackProblem({ ...good, lambda: -1 }, 2)).toMatch(/lambda/);
    expect(newUserStackProblem({ ...good, bucketEdges: [0, 3, 3, 10, 50] }, 2)).toMatch(
      /bucketEdges/,
    );
    expect(newUserStackProblem({ ...good, weights: good.weights.slice(1) }, 2)).toMatch(/weights/);
    const nonFinite = good.weights.map((w, b) => (b === 2 ? [0, NaN, 0, 0] : w));
    expect(newUserStackProblem({ ...good, weights: nonFinite }, 2)).toMatch(/weights/);
    expect(newUserStackProblem({ ...good, itemMeans: [3, Infinity] }, 2)).toMatch(/finite/);
  });
});
