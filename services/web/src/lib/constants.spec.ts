import * as contracts from '@marquee/contracts';
import { DECADES } from './constants';

describe('web constants', () => {
  it('offer only decades the API takes', () => {
    for (const decade of DECADES) {
      expect(decade % 10).toBe(0);
      expect(decade).toBeGreaterThanOrEqual(contracts.MIN_DECADE);
      expect(decade).toBeLessThanOrEqual(contracts.MAX_DECADE);
    }
  });
});
