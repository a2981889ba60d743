/** (movie, rating) pairs: the columns of TrainingTriples the movie statistics need. */
export interface MovieRatings {
  movieIds: ArrayLike<number>;
  ratings: ArrayLike<number>;
}

/** What the userOffset prediction needs of the training data. */
export interface MovieMeanSource {
  /** The movie's mean training rating (the global mean for a movie nobody rated). */
  movieMean(movieId: number): number;
}

/**
 * Per-movie mean and count of the training ratings, and their global mean: the userOffset
 * baseline's item means and the stack's movie-count buckets.
 */
export class MovieRatingStats implements MovieMeanSource {
  readonly globalMean: number;
  private readonly movies = new Map<number, { mean: number; count: number }>();

  constructor({ movieIds, ratings }: MovieRatings) {
    if (movieIds.length !== ratings.length) {
      throw new RangeError(
        `movieIds (${movieIds.length}) and ratings (${ratings.length}) differ in length`,
      );
    }
    if (ratings.length === 0) throw new RangeError('MovieRatingStats needs at least one rating');
    let total = 0;
    for (let i = 0; i < ratings.length; i++) {
      const rating = ratings[i] as number;
      total += rating;
      const entry = this.movies.get(movieIds[i] as number);
      if (entry) {
        entry.mean += rating;
        entry.count++;
      } else this.movies.set(movieIds[i] as number, { mean: rating, count: 1 });
    }
    for (const entry of this.movies.values()) entry.mean /= entry.count;
    this.globalMean = total / ratings.length;
  }

  movieMean(movieId: number): number {
    return this.movies.get(movieId)?.mean ?? this.globalMean;
  }

  /** How many training ratings the movie has (0 for a movie nobody rated). */
  itemCount(movieId: number): number {
    return this.movies.get(movieId)?.count ?? 0;
  }

  hasMovie(movieId: number): boolean {
    return this.movies.has(movieId);
  }
}
