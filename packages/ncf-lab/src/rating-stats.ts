import type { RatingRecord } from '@marquee/movielens';
import { MovieRatingStats } from '@marquee/ncf';

/**
 * Mean ratings seen in training: the fallbacks for users and movies the model does not know.
 * The movie side is @marquee/ncf's MovieRatingStats (what the product's cold-start code uses).
 */
export class RatingStats extends MovieRatingStats {
  private readonly userMeans: Map<number, number>;

  constructor(ratings: readonly RatingRecord[]) {
    super({ movieIds: ratings.map((r) => r.movieId), ratings: ratings.map((r) => r.rating) });
    const users = new Map<number, { sum: number; n: number }>();
    for (const { userId, rating } of ratings) {
      const entry = users.get(userId);
      if (entry) {
        entry.sum += rating;
        entry.n++;
      } else users.set(userId, { sum: rating, n: 1 });
    }
    this.userMeans = new Map([...users].map(([id, { sum, n }]) => [id, sum / n]));
  }

  /** The user's mean training rating, or the global mean for a user absent from training. */
  userMean(userId: number): number {
    return this.userMeans.get(userId) ?? this.globalMean;
  }
}
