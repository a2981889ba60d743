import { MovieLensFormatError } from './errors';
import type { RatingRecord } from './types';

/**
 * Finds a (user, movie) pair rated twice while ratings stream by, in files that list each
 * user's ratings together, as the MovieLens releases do. Memory holds one user's movies and the
 * ids of the users already seen, not every pair. When a user's ratings come back after another
 * user's, the file is not grouped that way: `complete` turns false and later rows are not
 * checked here (the importer then checks in the database).
 */
export class DuplicateRatingCheck {
  private user = 0;
  /** The current user's movies and the line of each. */
  private readonly movies = new Map<number, number>();
  private readonly usersDone = new Set<number>();
  private grouped = true;

  /** True while every row so far was checked. */
  get complete(): boolean {
    return this.grouped;
  }

  /** Throws MovieLensFormatError at a rating of a movie the user already rated. */
  check(rating: RatingRecord & { line: number }): void {
    if (!this.grouped) return;
    if (rating.userId !== this.user) {
      if (this.usersDone.has(rating.userId)) {
        this.grouped = false;
        this.movies.clear();
        this.usersDone.clear();
        return;
      }
      if (this.user !== 0) this.usersDone.add(this.user);
      this.user = rating.userId;
      this.movies.clear();
    }
    const first = this.movies.get(rating.movieId);
    if (first !== undefined) {
      throw new MovieLensFormatError(
        'ratings.csv',
        rating.line,
        `user ${rating.userId} already rated movie ${rating.movieId} on line ${first}`,
      );
    }
    this.movies.set(rating.movieId, rating.line);
  }
}
