import { createRandom } from '../random';
import { FilmRatingStats } from './film-rating-stats';
import { ItemNeighbours } from './item-neighbours';
import { KnnResidual } from './knn-residual';
import {
  STACK_BUCKET_EDGES,
  StackFeatures,
  StackFitter,
  applyStack,
  stackBucket,
  type StackInputs,
  type StackWeights,
} from './stack';

describe('stackBucket', () => {
  it('splits film counts at 0 / 1-2 / 3-9 / 10-49 / 50+', () => {
    const counts = [0, 1, 2, 3, 9, 10, 49, 50, 5000];
    expect(counts.map((c) => stackBucket(c))).toEqual([0, 1, 1, 2, 2, 3, 3, 4, 4]);
    expect(stackBucket(7, [0, 10])).toBe(0);
    expect(STACK_BUCKET_EDGES).toEqual([0, 1, 3, 10, 50]);
  });
});

describe('applyStack', () => {
  const stack: StackWeights = {
    bucketEdges: [0, 10],
    weights: [
      [0.1, 0.5, 0.25, 0],
      [-0.2, 0.3, 0.6, 0.8],
    ],
  };

  it('adds the bucket weights of the rbar-centred features to rbar', () => {
    const inputs: StackInputs = {
      revealedMean: 3,
      counts: [0, 25, 25],
      ncf: [4, 3.5, NaN],
      userOffset: [2, 4, 4],
      knn: [0.7, -0.5, 1],
    };
    // film 0, bucket 0: 3 + 0.1 + 0.5 * 1 + 0.25 * -1 + 0 * 0.7 = 3.35
    // film 1, bucket 1: 3 - 0.2 + 0.3 * 0.5 + 0.6 * 1 + 0.8 * -0.5 = 3.15
    // film 2, bucket 1, NCF unknown (= rbar): 3 - 0.2 + 0 + 0.6 + 0.8 = 4.2
    const got = applyStack(stack, inputs);
    [3.35, 3.15, 4.2].forEach((v, i) => expect(got[i]).toBeCloseTo(v, 12));
  });
});

describe('StackFeatures', () => {
  it('computes userOffset and the kNN of the residuals from userOffset', () => {
    // Item means: 1 -> 4, 2 -> 2, 3 -> 3; global mean 3.25 (film 9, nobody rated it).
    const stats = new FilmRatingStats({ movieIds: [1, 1, 2, 3], ratings: [5, 3, 2, 3] });
    // Film 3's only neighbour is film 1 (0.5); film 1's is film 3.
    const neighbours = new ItemNeighbours(
      Int32Array.from([1, 2, 3]),
      Int32Array.from([0, 1, 1, 2]),
      Int32Array.from([2, 0]),
      Float32Array.from([0.5, 0.5]),
    );
    const features = new StackFeatures(stats, new KnnResidual(neighbours), 2);
    const revealed = [
      { movieId: 1, rating: 5 },
      { movieId: 2, rating: 3 },
    ];
    // offset = ((5 - 4) + (3 - 2)) / (2 + 2) = 0.5; residual of film 1: 5 - 4 - 0.5 = 0.5
    const inputs = features.inputs(revealed, [3, 9], [3.7, NaN]);
    expect(inputs.revealedMean).toBe(4);
    expect(inputs.counts).toEqual([1, 0]);
    expect(inputs.userOffset).toEqual([3.5, 3.75]);
    expect(inputs.knn[0]).toBeCloseTo((0.5 * 0.5) / (0.5 + 0.5), 7);
    expect(inputs.knn[1]).toBe(0);
    expect(() => features.inputs([], [3], [1])).toThrow(/at least one rating/);
    expect(() => features.inputs(revealed, [3], [1, 2])).toThrow(/2 predictions for 1 films/);
  });
});

describe('StackFitter', () => {
  it('recovers known per-bucket weights from synthetic examples', () => {
    const truth: StackWeights = {
      bucketEdges: [...STACK_BUCKET_EDGES],
      weights: [
        [-0.1, 0.8, -0.05, 0],
        [-0.1, 0.35, 0.15, 0.2],
        [-0.05, 0.25, 0.45, 0.7],
        [0, 0.28, 0.6, 0.7],
        [0.01, 0.2, 0.82, 0.67],
      ],
    };
    const random = createRandom(11);
    const fitter = new StackFitter();
    const rating = () => 0.5 + Math.floor(random() * 10) / 2;
    for (let user = 0; user < 400; user++) {
      const n = 20;
      const inputs: StackInputs = {
        revealedMean: 2 + 2 * random(),
        counts: Array.from({ length: n }, () => Math.floor(random() ** 2 * 120)),
        ncf: Array.from({ length: n }, rating),
        userOffset: Array.from({ length: n }, rating),
        knn: Array.from({ length: n }, () => random() - 0.5),
      };
      inputs.counts.forEach((c, f) => {
        if (c === 0) inputs.knn[f] = 0; // as for a film nobody rated
      });
      const noise = () => (random() - 0.5) * 0.02;
      fitter.add(
        inputs,
        applyStack(truth, inputs).map((p) => p + noise()),
      );
    }
    expect(fitter.rows.every((n) => n > 100)).toBe(true);
    const fitted = fitter.fit(1e-9);
    expect(fitted.bucketEdges).toEqual(truth.bucketEdges);
    fitted.weights.forEach((w, b) =>
      w.forEach((v, k) => expect(v).toBeCloseTo((truth.weights[b] as number[])[k] as number, 2)),
    );
    // The ridge pulls weights towards 0: the kNN weights (the smallest feature) most.
    const ridged = fitter.fit(50);
    for (const [b, w] of ridged.weights.entries()) {
      expect(Math.abs(w[3] as number)).toBeLessThan(
        Math.abs(fitted.weights[b]?.[3] as number) + 1e-12,
      );
    }
    // Bucket 0 never sees a kNN value: its kNN weight stays 0.
    expect(fitted.weights[0]?.[3]).toBe(0);
  });

  it('rejects unordered edges and mismatched ratings', () => {
    expect(() => new StackFitter([0, 5, 5])).toThrow(/increasing/);
    const inputs: StackInputs = {
      revealedMean: 3,
      counts: [1],
      ncf: [3],
      userOffset: [3],
      knn: [0],
    };
    expect(() => new StackFitter().add(inputs, [3, 4])).toThrow(/2 ratings for 1 films/);
  });
});
