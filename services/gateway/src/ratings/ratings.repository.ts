import { Inject, Injectable } from '@nestjs/common';
import { MOVIE_COLUMNS, type Db, type MovieColumns } from '@marquee/db';
import { DB } from '../database/database.module';
import { DbRetry } from '../database/db-retry';
import { isForeignKeyViolation } from '../database/prisma-errors';
import { UsersRepository } from '../identity/users.repository';

export interface RatingRow {
  movie: MovieColumns;
  rating: number;
  ratedAt: Date;
}

@Injectable()
export class RatingsRepository {
  constructor(
    @Inject(DB) private readonly db: Db,
    private readonly users: UsersRepository,
    private readonly retry: DbRetry,
  ) {}

  /**
   * Sets this user's rating of a movie in one transaction, creating the user on their first
   * write, and takes the movie off their watchlist and "not interested" list. Writes nothing
   * and returns false when the movie does not exist. Retried whole through a Postgres outage:
   * setting the same rating again is harmless.
   */
  async upsert(anonId: string, movieId: number, rating: number): Promise<boolean> {
    try {
      return await this.retry.run((attempt) =>
        this.db.$transaction(async (tx) => {
          const movie = await tx.movie.findUnique({ where: { id: movieId }, select: { id: true } });
          if (movie === null) {
            return false;
          }
          const userId = await this.users.ensureAppUser(tx, anonId);
          await tx.$executeRaw`
          INSERT INTO ratings (user_id, movie_id, rating, rated_at)
          VALUES (${userId}, ${movieId}, ${rating}::real, now() AT TIME ZONE 'UTC')
          ON CONFLICT (user_id, movie_id)
          DO UPDATE SET rating = EXCLUDED.rating, rated_at = EXCLUDED.rated_at`;
          // A movie rated is seen: it leaves the watchlist, and a "not interested" gives way to
          // the rating, which says more.
          await tx.watchlistEntry.deleteMany({ where: { userId, movieId } });
          await tx.notInterested.deleteMany({ where: { userId, movieId } });
          return true;
        }, attempt.tx),
      );
    } catch (err) {
      if (isForeignKeyViolation(err)) {
        return false;
      }
      throw err;
    }
  }

  /**
   * Removes a rating; false when there was none. A retry that finds none counts as removed: the
   * attempt whose answer was lost may have removed it.
   */
  async remove(userId: number, movieId: number): Promise<boolean> {
    return this.retry.run(async ({ retried }) => {
      const { count } = await this.db.rating.deleteMany({ where: { userId, movieId } });
      return count > 0 || retried;
    });
  }

  /** This user's ratings with their movies, newest first. */
  async listWithMovies(userId: number): Promise<RatingRow[]> {
    return this.retry.run(() =>
      this.db.rating.findMany({
        where: { userId },
        select: { rating: true, ratedAt: true, movie: { select: MOVIE_COLUMNS } },
        orderBy: [{ ratedAt: 'desc' }, { movieId: 'asc' }],
      }),
    );
  }

  /** This user's ratings as (movieId, rating) pairs. */
  async listPairs(userId: number): Promise<{ movieId: number; rating: number }[]> {
    return this.retry.run(() =>
      this.db.rating.findMany({
        where: { userId },
        select: { movieId: true, rating: true },
        orderBy: { movieId: 'asc' },
      }),
    );
  }
}
