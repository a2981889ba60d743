import { mae, ndcgAtK, rmse } from './metrics';

describe('metrics', () => {
  it('computes RMSE and MAE against hand-computed values', () => {
    // errors 0, 0, -2: squared mean 4/3, absolute mean 2/3
    expect(rmse([1, 2, 3], [1, 2, 5])).toBeCloseTo(Math.sqrt(4 / 3), 12);
    expect(mae([1, 2, 3], [1, 2, 5])).toBeCloseTo(2 / 3, 12);
    expect(rmse([4], [4])).toBe(0);
  });

  it('computes NDCG@k for a known ordering', () => {
    // Ranked by prediction: items 0, 1, 2 with gains 1, 2, 5; ideal order gains 5, 2, 1.
    const dcg = 1 / Math.log2(2) + 2 / Math.log2(3) + 5 / Math.log2(4);
    const ideal = 5 / Math.log2(2) + 2 / Math.log2(3) + 1 / Math.log2(4);
    expect(ndcgAtK([3, 2, 1], [1, 2, 5], 10)).toBeCloseTo(dcg / ideal, 12);
    expect(ndcgAtK([1, 2, 3], [1, 2, 5], 10)).toBeCloseTo(1, 12);
  });

  it('cuts NDCG at k', () => {
    // Top 1 by prediction is item 1 (gain 4); ideal top 1 is item 0 (gain 5).
    expect(ndcgAtK([0.1, 0.9, 0.5], [5, 4, 3], 1)).toBeCloseTo(4 / 5, 12);
  });

  it('rejects mismatched or empty inputs and a bad k', () => {
    expect(() => rmse([1, 2], [1])).toThrow(/differ in length/);
    expect(() => mae([], [])).toThrow(/no ratings/);
    expect(() => ndcgAtK([1], [1], 0)).toThrow(/positive integer/);
  });
});
