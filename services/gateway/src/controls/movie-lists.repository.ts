import { Inject, Injectable } from '@nestjs/common';
import { MOVIE_COLUMNS, type Db, type MovieColumns, type Prisma } from '@marquee/db';
import { DB } from '../database/database.module';
import { DbRetry } from '../database/db-retry';
import { isForeignKeyViolation } from '../database/prisma-errors';
import { UsersRepository } from '../identity/users.repository';

/**
 * A user's two lists of movies from the controls on recommendations: "not interested" (never
 * recommend it) and the watchlist (saved for later, not recommended while listed). A movie is on
 * at most one of them: putting it on one takes it off the other, since they contradict.
 */
export type MovieList = 'notInterested' | 'watchlist';

export interface ListedMovie {
  movie: MovieColumns;
  /** When it was put on the list. */
  at: Date;
}

type Key = { userId: number; movieId: number };

/** The two tables behind Prisma's typed delegates, chosen by list. */
function table(tx: Db | Prisma.TransactionClient, list: MovieList) {
  return list === 'notInterested'
    ? {
        add: (key: Key) => tx.notInterested.createMany({ data: [key], skipDuplicates: true }),
        remove: (key: Key) => tx.notInterested.deleteMany({ where: key }),
      }
    : {
        add: (key: Key) => tx.watchlistEntry.createMany({ data: [key], skipDuplicates: true }),
        remove: (key: Key) => tx.watchlistEntry.deleteMany({ where: key }),
      };
}

const OTHER: Record<MovieList, MovieList> = {
  notInterested: 'watchlist',
  watchlist: 'notInterested',
};

@Injectable()
export class MovieListsRepository {
  constructor(
    @Inject(DB) private readonly db: Db,
    private readonly users: UsersRepository,
    private readonly retry: DbRetry,
  ) {}

  /**
   * Puts a movie on one of the user's lists and takes it off the other, in one transaction,
   * creating the user on their first write. Idempotent (a movie already listed keeps its time),
   * so retried whole through a Postgres outage. Writes nothing and returns false when the movie
   * does not exist.
   */
  async add(list: MovieList, anonId: string, movieId: number): Promise<boolean> {
    try {
      return await this.retry.run((attempt) =>
        this.db.$transaction(async (tx) => {
          const movie = await tx.movie.findUnique({ where: { id: movieId }, select: { id: true } });
          if (movie === null) return false;
          const userId = await this.users.ensureAppUser(tx, anonId);
          await table(tx, list).add({ userId, movieId });
          await table(tx, OTHER[list]).remove({ userId, movieId });
          return true;
        }, attempt.tx),
      );
    } catch (err) {
      if (isForeignKeyViolation(err)) return false;
      throw err;
    }
  }

  /**
   * Takes a movie off a list; false when it was not on it. A retry that finds none counts as
   * removed: the attempt whose answer was lost may have removed it.
   */
  async remove(list: MovieList, userId: number, movieId: number): Promise<boolean> {
    return this.retry.run(async ({ retried }) => {
      const { count } = await table(this.db, list).remove({ userId, movieId });
      return count > 0 || retried;
    });
  }

  /** The movies on a list with their rows, most recently listed first. */
  async listWithMovies(list: MovieList, userId: number): Promise<ListedMovie[]> {
    const orderBy = [{ movieId: 'asc' as const }];
    return this.retry.run(async () => {
      if (list === 'notInterested') {
        const rows = await this.db.notInterested.findMany({
          where: { userId },
          select: { markedAt: true, movie: { select: MOVIE_COLUMNS } },
          orderBy: [{ markedAt: 'desc' }, ...orderBy],
        });
        return rows.map((r) => ({ movie: r.movie, at: r.markedAt }));
      }
      const rows = await this.db.watchlistEntry.findMany({
        where: { userId },
        select: { addedAt: true, movie: { select: MOVIE_COLUMNS } },
        orderBy: [{ addedAt: 'desc' }, ...orderBy],
      });
      return rows.map((r) => ({ movie: r.movie, at: r.addedAt }));
    });
  }
}
