import * as contracts from '@marquee/contracts';
import * as local from './constants';

describe('web constants', () => {
  it('match the values in @marquee/contracts', () => {
    expect(local.MIN_RATINGS_FOR_RECOMMENDATIONS).toBe(contracts.MIN_RATINGS_FOR_RECOMMENDATIONS);
    expect(local.MIN_RATING).toBe(contracts.MIN_RATING);
    expect(local.MAX_RATING).toBe(contracts.MAX_RATING);
    expect(local.RATING_STEP).toBe(contracts.RATING_STEP);
    expect(local.GENRES).toEqual(contracts.MOVIELENS_GENRES);
    expect(local.MIN_DECADE).toBe(contracts.MIN_DECADE);
    for (const decade of local.DECADES) {
      expect(decade % 10).toBe(0);
      expect(decade).toBeGreaterThanOrEqual(contracts.MIN_DECADE);
      expect(decade).toBeLessThanOrEqual(contracts.MAX_DECADE);
    }
  });
});
