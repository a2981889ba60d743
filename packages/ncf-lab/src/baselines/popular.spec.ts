import type { RatingRecord } from '@marquee/movielens';
import { PopularMovies } from './popular';

const rating = (userId: number, movieId: number, value = 4): RatingRecord => ({
  userId,
  movieId,
  rating: value,
  timestamp: 0,
});

describe('PopularMovies', () => {
  const train = [
    rating(1, 30, 0.5),
    rating(2, 30, 5),
    rating(3, 30),
    rating(1, 7),
    rating(1, 7, 1), // the same user twice counts once
    rating(2, 1000),
    rating(3, 1000),
    rating(3, 2),
  ];

  it('counts the distinct users of each movie, aligned with ascending movieIds', () => {
    const popular = new PopularMovies(train);
    expect(popular.movieIds).toEqual([2, 7, 30, 1000]);
    expect([...popular.scores()]).toEqual([1, 1, 3, 2]);
  });

  it('returns a fresh array each time', () => {
    const popular = new PopularMovies(train);
    popular.scores().fill(-1);
    expect([...popular.scores()]).toEqual([1, 1, 3, 2]);
  });

  it('is empty without ratings', () => {
    const popular = new PopularMovies([]);
    expect(popular.movieIds).toEqual([]);
    expect(popular.scores()).toHaveLength(0);
  });
});
