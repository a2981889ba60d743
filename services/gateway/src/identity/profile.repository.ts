import { Inject, Injectable } from '@nestjs/common';
import type { Db } from '@marquee/db';
import { DB } from '../database/database.module';
import { DbRetry } from '../database/db-retry';

@Injectable()
export class ProfileRepository {
  constructor(
    @Inject(DB) private readonly db: Db,
    private readonly retry: DbRetry,
  ) {}

  /**
   * Deletes an app user with their ratings and skips (one transaction; the foreign keys
   * cascade) and says how many of each went; an account keeps its row and sessions and loses
   * its ratings, skips and lists. Nothing to delete is not an error. Retried whole
   * through a Postgres outage; a retry after an attempt that did delete, but whose answer was
   * lost, finds nothing and counts 0.
   */
  async deleteAppUser(anonId: string): Promise<{ ratings: number; skips: number }> {
    return this.retry.run((attempt) =>
      this.db.$transaction(async (tx) => {
        const user = await tx.user.findUnique({
          where: { anonId },
          select: { id: true, kind: true, username: true },
        });
        if (user === null || user.kind !== 'APP') return { ratings: 0, skips: 0 };
        const [ratings, skips] = await Promise.all([
          tx.rating.count({ where: { userId: user.id } }),
          tx.skip.count({ where: { userId: user.id } }),
        ]);
        if (user.username === null) {
          await tx.user.delete({ where: { id: user.id } });
        } else {
          // An account starts over without being deleted (that takes its password).
          const mine = { where: { userId: user.id } };
          await tx.rating.deleteMany(mine);
          await tx.skip.deleteMany(mine);
          await tx.notInterested.deleteMany(mine);
          await tx.watchlistEntry.deleteMany(mine);
          await tx.lastRecommendations.deleteMany(mine);
        }
        return { ratings, skips };
      }, attempt.tx),
    );
  }
}
