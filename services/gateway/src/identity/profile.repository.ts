import { Inject, Injectable } from '@nestjs/common';
import type { Db } from '@marquee/db';
import { DB } from '../database/database.module';

@Injectable()
export class ProfileRepository {
  constructor(@Inject(DB) private readonly db: Db) {}

  /**
   * Deletes an app user with their ratings and skips (one transaction; the foreign keys
   * cascade) and says how many of each went. Nothing to delete is not an error.
   */
  async deleteAppUser(anonId: string): Promise<{ ratings: number; skips: number }> {
    return this.db.$transaction(async (tx) => {
      const user = await tx.user.findUnique({
        where: { anonId },
        select: { id: true, kind: true },
      });
      if (user === null || user.kind !== 'APP') return { ratings: 0, skips: 0 };
      const [ratings, skips] = await Promise.all([
        tx.rating.count({ where: { userId: user.id } }),
        tx.skip.count({ where: { userId: user.id } }),
      ]);
      await tx.user.delete({ where: { id: user.id } });
      return { ratings, skips };
    });
  }
}
