import { createRandom, mulberry32, shuffleInPlace } from './random';

describe('mulberry32', () => {
  it('keeps its seeded sequence bit for bit (seeded models and synthetic data depend on it)', () => {
    const random = mulberry32(0);
    expect([random(), random(), random()]).toEqual([
      0.26642920868471265, 0.0003297457005828619, 0.2232720274478197,
    ]);
  });
});

describe('createRandom', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const a = createRandom(5);
    const b = createRandom(5);
    const c = createRandom(6);
    const seqA = Array.from({ length: 20 }, a);
    expect(Array.from({ length: 20 }, b)).toEqual(seqA);
    expect(Array.from({ length: 20 }, c)).not.toEqual(seqA);
    for (const x of seqA) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });
});

describe('shuffleInPlace', () => {
  it('returns a permutation of the items', () => {
    const items = Int32Array.from({ length: 50 }, (_, i) => i);
    shuffleInPlace(items, createRandom(1));
    expect(Array.from(items)).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(Array.from(items).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, i) => i),
    );
  });
});
