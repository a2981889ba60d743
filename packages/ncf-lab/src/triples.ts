import type { RatingRecord } from '@marquee/movielens';
import type { TrainingTriples } from '@marquee/ncf';

export function toTriples(ratings: readonly RatingRecord[]): TrainingTriples {
  const n = ratings.length;
  const triples: TrainingTriples = {
    userIds: new Int32Array(n),
    movieIds: new Int32Array(n),
    ratings: new Float32Array(n),
  };
  ratings.forEach((r, i) => {
    triples.userIds[i] = r.userId;
    triples.movieIds[i] = r.movieId;
    triples.ratings[i] = r.rating;
  });
  return triples;
}

/** Ratings grouped by user, in input order. */
export function groupByUser(ratings: readonly RatingRecord[]): Map<number, RatingRecord[]> {
  const byUser = new Map<number, RatingRecord[]>();
  for (const r of ratings) {
    const list = byUser.get(r.userId);
    if (list) list.push(r);
    else byUser.set(r.userId, [r]);
  }
  return byUser;
}
