import type { Db } from '../client';

/** A stored rating as MovieLens knew it: the user's MovieLens id, not the database's. */
export interface StoredRating {
  movielens_id: number;
  movie_id: number;
  rating: number;
  rated_at: Date;
}

/** Empties the movies, users and everything that refers to them, ids starting again at 1. */
export async function emptyCatalogue(db: Db): Promise<void> {
  await db.$executeRawUnsafe('TRUNCATE movies, users, ratings, skips RESTART IDENTITY CASCADE');
}

/** Every rating, by MovieLens user id then movie id. */
export function storedRatings(db: Db): Promise<StoredRating[]> {
  return db.$queryRawUnsafe<StoredRating[]>(
    `SELECT u.movielens_id, r.movie_id, r.rating, r.rated_at
     FROM ratings r JOIN users u ON u.id = r.user_id
     ORDER BY u.movielens_id, r.movie_id`,
  );
}

/** Every row of movies, users and ratings, in key order: equal snapshots mean nothing changed. */
export async function snapshotCatalogue(db: Db) {
  return {
    movies: await db.movie.findMany({ orderBy: { id: 'asc' } }),
    users: await db.user.findMany({ orderBy: { id: 'asc' } }),
    ratings: await db.rating.findMany({ orderBy: [{ userId: 'asc' }, { movieId: 'asc' }] }),
  };
}

/** How many movies, users and ratings are stored. */
export async function countCatalogue(db: Db) {
  return {
    movies: await db.movie.count(),
    users: await db.user.count(),
    ratings: await db.rating.count(),
  };
}
