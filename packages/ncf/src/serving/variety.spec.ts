import { createRandom } from '../format/random';
import { VARIETY_TEMPERATURE, pickFromPool, sampleFromPool, topKIndices } from './variety';

describe('topKIndices', () => {
  it('returns the best k, best first, skipping excluded ones, ties to the lower index', () => {
    const scores = Float32Array.of(0.1, 0.9, 0.5, 0.9, 0.3);
    expect(Array.from(topKIndices(scores, 3))).toEqual([1, 3, 2]);
    expect(Array.from(topKIndices(scores, 2, Uint8Array.of(0, 1, 0, 0, 0)))).toEqual([3, 2]);
  });
});

describe('pickFromPool (the faithful shuffle)', () => {
  it('keeps count movies of the pool', () => {
    const pool = Int32Array.of(4, 8, 15, 16, 23, 42);
    const picked = Array.from(pickFromPool(pool, 3, createRandom(1)));
    expect(new Set(picked).size).toBe(3);
    for (const movie of picked) expect(Array.from(pool)).toContain(movie);
  });
});

describe('sampleFromPool', () => {
  const scores = Float32Array.of(-1, -2, -3, -4, -5, -6);
  const pool = Int32Array.of(0, 1, 2, 3, 4, 5);

  it('draws count distinct movies of the pool', () => {
    const random = createRandom(7);
    for (let draw = 0; draw < 50; draw++) {
      const picked = Array.from(sampleFromPool(pool, scores, 4, random));
      expect(picked).toHaveLength(4);
      expect(new Set(picked).size).toBe(4);
      for (const movie of picked) expect(movie).toBeGreaterThanOrEqual(0);
    }
    expect(sampleFromPool(pool, scores, 0, random)).toHaveLength(0);
    expect(sampleFromPool(pool, scores, 10, random)).toHaveLength(6);
  });

  it('puts a movie first in proportion to its probability sharpened by the temperature', () => {
    // Two movies, one twice as likely: it leads with odds 2^(1/T) : 1.
    const two = Float32Array.of(Math.log(2), 0);
    const random = createRandom(3);
    const draws = 20_000;
    let first = 0;
    for (let draw = 0; draw < draws; draw++) {
      if (sampleFromPool(Int32Array.of(0, 1), two, 1, random)[0] === 0) first++;
    }
    const odds = 2 ** (1 / VARIETY_TEMPERATURE);
    expect(first / draws).toBeCloseTo(odds / (odds + 1), 2);
  });

  it("divides a movie's chance by exp(its discount)", () => {
    // Equally likely movies; the first discounted by log 3: it leads with odds 1 : 3.
    const equal = Float32Array.of(0, 0);
    const discounts = Float32Array.of(Math.log(3), 0);
    const random = createRandom(9);
    const draws = 20_000;
    let first = 0;
    for (let draw = 0; draw < draws; draw++) {
      if (sampleFromPool(Int32Array.of(0, 1), equal, 1, random, discounts)[0] === 0) first++;
    }
    expect(first / draws).toBeCloseTo(0.25, 2);
  });

  it('keeps a movie far more likely than the rest first every time', () => {
    const sure = Float32Array.of(-50, 0, -50, -50);
    const random = createRandom(5);
    for (let draw = 0; draw < 200; draw++) {
      expect(sampleFromPool(Int32Array.of(0, 1, 2, 3), sure, 2, random)[0]).toBe(1);
    }
  });

  it('changes between draws', () => {
    const flat = new Float32Array(30);
    const random = createRandom(11);
    const many = Int32Array.from({ length: 30 }, (_, i) => i);
    const a = Array.from(sampleFromPool(many, flat, 10, random));
    const b = Array.from(sampleFromPool(many, flat, 10, random));
    expect(a).not.toEqual(b);
  });
});
