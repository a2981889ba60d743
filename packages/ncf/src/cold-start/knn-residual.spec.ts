import { ItemNeighbours } from './item-neighbours';
import { KnnResidual } from './knn-residual';

describe('KnnResidual', () => {
  // Films 10, 20, 30 (indices 0, 1, 2): 10 ~ 20 (0.5), 10 ~ 30 (-0.25); 20 and 30 unrelated.
  const neighbours = new ItemNeighbours(
    Int32Array.from([10, 20, 30]),
    Int32Array.from([0, 2, 3, 4]),
    Int32Array.from([1, 2, 0, 0]),
    Float32Array.from([0.5, -0.25, 0.5, -0.25]),
  );
  const knn = new KnnResidual(neighbours);
  const rated = [
    { movieId: 10, residual: 1 },
    { movieId: 20, residual: -2 },
    { movieId: 77, residual: 5 }, // unknown: no list, no effect
  ];

  it('averages the rated neighbours residuals, damped by 0.5', () => {
    // 10 <- 20: 0.5 * -2 / (0.5 + 0.5); 20 <- 10: 0.5 * 1 / 1; 30 <- 10: -0.25 / 0.75
    const expected = [-1, 0.5, -1 / 3, 0];
    const got = knn.predict(rated, [10, 20, 30, 99]);
    got.forEach((v, i) => expect(v).toBeCloseTo(expected[i] as number, 7));
    // Scratch arrays are cleared: the same request gives the same answer.
    expect(knn.predict(rated, [10, 20, 30, 99])).toEqual(got);
    expect(knn.predict([], [10, 20])).toEqual([0, 0]);
  });

  it('uses the given damping', () => {
    expect(new KnnResidual(neighbours, 1.5).predict(rated, [30])[0]).toBeCloseTo(-0.25 / 1.75, 7);
    expect(() => new KnnResidual(neighbours, 0)).toThrow(/damping/);
  });
});
