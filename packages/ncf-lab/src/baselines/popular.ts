import type { RatingRecord } from '@marquee/movielens';

/**
 * Top-N baseline: rank movies by how many training users rated them. Ratings are read as
 * implicit feedback, so a user counts once per movie whatever the rating (and however many
 * times the pair appears).
 */
export class PopularMovies {
  /** Every movie in training, ascending id. */
  readonly movieIds: number[];
  private readonly counts: Float64Array;

  constructor(train: readonly RatingRecord[]) {
    const usersByMovie = new Map<number, Set<number>>();
    for (const r of train) {
      let users = usersByMovie.get(r.movieId);
      if (users === undefined) {
        users = new Set<number>();
        usersByMovie.set(r.movieId, users);
      }
      users.add(r.userId);
    }
    this.movieIds = [...usersByMovie.keys()].sort((a, b) => a - b);
    this.counts = Float64Array.from(this.movieIds, (id) => usersByMovie.get(id)?.size ?? 0);
  }

  /**
   * Number of distinct users who rated each movie, aligned with `movieIds`. Same for every
   * user: excluding the movies a user already rated and taking the top k is the caller's job.
   * A fresh copy, so callers may mask it in place.
   */
  scores(): Float64Array {
    return this.counts.slice();
  }
}
