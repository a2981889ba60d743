import { percentile } from './measures';

describe('percentile', () => {
  it('is the nearest-rank percentile of a sorted list', () => {
    expect(percentile([1, 2, 3], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4], 99)).toBe(4);
    expect(percentile([1, 2, 3, 4], 25)).toBe(1);
    expect(percentile([1, 2, 3, 4], 26)).toBe(2);
    expect(percentile([7], 0)).toBe(7);
  });

  it('is NaN for no values', () => {
    expect(percentile([], 50)).toBeNaN();
  });
});
