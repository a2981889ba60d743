import { createRandom } from '../format/random';
import { RidgeAccumulator } from './ridge';

describe('RidgeAccumulator', () => {
  it('solves a one-dimensional ridge by hand', () => {
    const ridge = new RidgeAccumulator(1);
    ridge.add([1], 2);
    ridge.add([2], 4);
    // w = sum x y / (sum x^2 + ridge) = 10 / 6
    expect(ridge.solve(1)[0]).toBeCloseTo(10 / 6, 12);
    expect(ridge.solve(0)[0]).toBeCloseTo(2, 12);
    expect(ridge.rows).toBe(2);
  });

  it('weights rows: weight 2 equals adding the row twice', () => {
    const a = new RidgeAccumulator(2);
    const b = new RidgeAccumulator(2);
    a.add([1, 0.5], 3, 2);
    b.add([1, 0.5], 3);
    b.add([1, 0.5], 3);
    for (const r of [a, b]) r.add([1, -1], 1);
    expect(Array.from(a.solve(0.1))).toEqual(
      Array.from(b.solve(0.1)).map((v) => expect.closeTo(v, 12)),
    );
  });

  it('recovers known weights from noiseless data', () => {
    const random = createRandom(4);
    const truth = [0.5, -1.25, 2, 0.1];
    const ridge = new RidgeAccumulator(4);
    for (let i = 0; i < 200; i++) {
      const x = [1, random() * 4 - 2, random(), random() * 10];
      ridge.add(
        x,
        x.reduce((s, v, k) => s + v * (truth[k] as number), 0),
      );
    }
    Array.from(ridge.solve(1e-10)).forEach((w, k) => expect(w).toBeCloseTo(truth[k] as number, 6));
  });

  it('is unique with ridge > 0 even without rows', () => {
    expect(Array.from(new RidgeAccumulator(3).solve(1))).toEqual([0, 0, 0]);
    expect(() => new RidgeAccumulator(2).add([1], 1)).toThrow(/expected 2/);
    expect(() => new RidgeAccumulator(0)).toThrow(/dim/);
  });
});
