import type { RatingRecord } from '@marquee/movielens';

/** Mean ratings seen in training: the fallbacks for users and films the model does not know. */
export class RatingStats {
  readonly globalMean: number;
  private readonly userMeans: Map<number, number>;
  private readonly itemMeans: Map<number, number>;

  constructor(ratings: readonly RatingRecord[]) {
    if (ratings.length === 0) throw new RangeError('RatingStats needs at least one rating');
    let total = 0;
    const users = new Map<number, { sum: number; n: number }>();
    const items = new Map<number, { sum: number; n: number }>();
    const add = (map: Map<number, { sum: number; n: number }>, id: number, rating: number) => {
      const entry = map.get(id);
      if (entry) {
        entry.sum += rating;
        entry.n++;
      } else map.set(id, { sum: rating, n: 1 });
    };
    for (const { userId, movieId, rating } of ratings) {
      total += rating;
      add(users, userId, rating);
      add(items, movieId, rating);
    }
    this.globalMean = total / ratings.length;
    const means = (map: Map<number, { sum: number; n: number }>) =>
      new Map([...map].map(([id, { sum, n }]) => [id, sum / n]));
    this.userMeans = means(users);
    this.itemMeans = means(items);
  }

  /** The film's mean training rating, or the global mean for a film never rated in training. */
  itemMean(movieId: number): number {
    return this.itemMeans.get(movieId) ?? this.globalMean;
  }

  /** The user's mean training rating, or the global mean for a user absent from training. */
  userMean(userId: number): number {
    return this.userMeans.get(userId) ?? this.globalMean;
  }

  hasItem(movieId: number): boolean {
    return this.itemMeans.has(movieId);
  }
}
