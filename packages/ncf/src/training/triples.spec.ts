import { groupRows, selectRows, type TrainingTriples } from './triples';

const data: TrainingTriples = {
  userIds: Int32Array.from([7, 3, 7, 5, 3]),
  movieIds: Int32Array.from([10, 11, 12, 10, 13]),
  ratings: Float32Array.from([4, 3.5, 2, 5, 1]),
  movieFeatures: new Map([[10, ['genre:Drama']]]),
};

describe('groupRows', () => {
  it('groups row numbers by key, each group in row order', () => {
    expect([...groupRows(data.userIds)]).toEqual([
      [7, [0, 2]],
      [3, [1, 4]],
      [5, [3]],
    ]);
  });

  it('groups only the rows given', () => {
    expect([...groupRows(data.userIds, [4, 3, 1])]).toEqual([
      [3, [4, 1]],
      [5, [3]],
    ]);
  });
});

describe('selectRows', () => {
  it('keeps the accepted rows in order, with the movie features', () => {
    const kept = selectRows(data, (row) => data.userIds[row] !== 7);
    expect(Array.from(kept.userIds)).toEqual([3, 5, 3]);
    expect(Array.from(kept.movieIds)).toEqual([11, 10, 13]);
    expect(Array.from(kept.ratings)).toEqual([3.5, 5, 1]);
    expect(kept.movieFeatures).toBe(data.movieFeatures);
  });
});
