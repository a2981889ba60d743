import { MovieRatingStats } from './movie-rating-stats';
import { predictUserOffset, userOffset } from './user-offset';

describe('MovieRatingStats', () => {
  const stats = new MovieRatingStats({
    movieIds: Int32Array.from([10, 10, 11, 12]),
    ratings: Float32Array.from([4, 2, 5, 1]),
  });

  it('keeps each movie mean and count, and the global mean for movies nobody rated', () => {
    expect(stats.globalMean).toBe(3);
    expect(stats.movieMean(10)).toBe(3);
    expect(stats.movieMean(11)).toBe(5);
    expect(stats.movieMean(99)).toBe(3);
    expect([10, 11, 12, 99].map((id) => stats.itemCount(id))).toEqual([2, 1, 1, 0]);
    expect(stats.hasMovie(12)).toBe(true);
    expect(stats.hasMovie(99)).toBe(false);
  });

  it('rejects empty and mismatched input', () => {
    expect(() => new MovieRatingStats({ movieIds: [], ratings: [] })).toThrow(/at least one/);
    expect(() => new MovieRatingStats({ movieIds: [1], ratings: [] })).toThrow(/length/);
  });
});

describe('userOffset', () => {
  const stats = new MovieRatingStats({ movieIds: [10, 10, 11], ratings: [4, 2, 5] });
  // item means: 10 -> 3, 11 -> 5; global 11/3. Offsets 4.5 - 3 = 1.5 and 4 - 5 = -1.
  const revealed = [
    { movieId: 10, rating: 4.5 },
    { movieId: 11, rating: 4 },
  ];

  it('is the shrunk mean offset from the item means', () => {
    expect(userOffset(stats, revealed, 0)).toBeCloseTo(0.25, 12);
    expect(userOffset(stats, revealed, 3)).toBeCloseTo(0.1, 12);
    expect(userOffset(stats, [], 0)).toBe(0);
  });

  it('predicts item mean plus offset, the global mean for an unseen movie', () => {
    expect(predictUserOffset(stats, revealed, [11, 99], 3)).toEqual([
      expect.closeTo(5.1, 12),
      expect.closeTo(11 / 3 + 0.1, 12),
    ]);
  });
});
