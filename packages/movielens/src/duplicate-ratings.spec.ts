import { DuplicateRatingCheck } from './duplicate-ratings';
import { MovieLensFormatError } from './errors';

const row = (userId: number, movieId: number, line: number) => ({
  userId,
  movieId,
  rating: 4,
  timestamp: 1,
  line,
});

describe('DuplicateRatingCheck', () => {
  it("finds a movie rated twice among one user's ratings, naming both lines", () => {
    const check = new DuplicateRatingCheck();
    check.check(row(1, 10, 2));
    check.check(row(1, 11, 3));
    check.check(row(2, 10, 4));
    let error: unknown;
    try {
      check.check(row(2, 10, 5));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MovieLensFormatError);
    expect((error as Error).message).toBe(
      'ratings.csv line 5: user 2 already rated movie 10 on line 4',
    );
  });

  it('stays complete while each user comes once, and gives up when one comes back', () => {
    const check = new DuplicateRatingCheck();
    check.check(row(5, 1, 2));
    check.check(row(3, 1, 3));
    check.check(row(3, 2, 4));
    expect(check.complete).toBe(true);
    check.check(row(5, 2, 5));
    expect(check.complete).toBe(false);
    // Once incomplete, rows are not checked (the database does it).
    check.check(row(5, 2, 6));
    expect(check.complete).toBe(false);
  });
});
