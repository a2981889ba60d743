import { Inject, Injectable } from '@nestjs/common';
import type { Db } from '@marquee/db';
import { DB } from '../database/database.module';
import { DbRetry } from '../database/db-retry';
import { isForeignKeyViolation } from '../database/prisma-errors';
import { UsersRepository } from '../identity/users.repository';

export interface SkipRecorded {
  /** False when the movie does not exist (nothing was written). */
  movieFound: boolean;
  /** The user's users.id (created on their first write). */
  userId: number | null;
}

@Injectable()
export class SkipsRepository {
  constructor(
    @Inject(DB) private readonly db: Db,
    private readonly users: UsersRepository,
    private readonly retry: DbRetry,
  ) {}

  /**
   * Records a skip (idempotent, so retried whole through a Postgres outage) in one transaction,
   * creating the user on their first write.
   */
  async record(anonId: string, movieId: number): Promise<SkipRecorded> {
    try {
      return await this.retry.run((attempt) =>
        this.db.$transaction(async (tx) => {
          const movie = await tx.movie.findUnique({ where: { id: movieId }, select: { id: true } });
          if (movie === null) {
            return { movieFound: false, userId: null };
          }
          const userId = await this.users.ensureAppUser(tx, anonId);
          await tx.skip.createMany({ data: [{ userId, movieId }], skipDuplicates: true });
          return { movieFound: true, userId };
        }, attempt.tx),
      );
    } catch (err) {
      if (isForeignKeyViolation(err)) {
        return { movieFound: false, userId: null };
      }
      throw err;
    }
  }

  /** Movies this user skipped. */
  async listMovieIds(userId: number): Promise<number[]> {
    const rows = await this.retry.run(() =>
      this.db.skip.findMany({
        where: { userId },
        select: { movieId: true },
        orderBy: { movieId: 'asc' },
      }),
    );
    return rows.map((r) => r.movieId);
  }
}
