import { Inject, Injectable } from '@nestjs/common';
import { type RecommendJobResult, recommendJobResult } from '@marquee/contracts';
import type { Db } from '@marquee/db';
import { DB } from '../database/database.module';
import { DbRetry } from '../database/db-retry';

/** A user's last list from the recommender. */
export interface LastRecommendations {
  modelVersion: number;
  items: RecommendJobResult['items'];
  madeAt: Date;
}

const storedItems = recommendJobResult.shape.items;

/** Each app user's last list from the recommender, one row per user (last_recommendations). */
@Injectable()
export class LastRecommendationsRepository {
  constructor(
    @Inject(DB) private readonly db: Db,
    private readonly retry: DbRetry,
  ) {}

  /** Replaces the user's last list. One attempt: a list not kept only makes a fallback older. */
  async save(userId: number, list: LastRecommendations): Promise<void> {
    const row = { modelVersion: list.modelVersion, items: list.items, madeAt: list.madeAt };
    await this.db.lastRecommendations.upsert({
      where: { userId },
      create: { userId, ...row },
      update: row,
    });
  }

  /** The user's last list; null when there is none (or it no longer reads as one). */
  async find(userId: number): Promise<LastRecommendations | null> {
    const row = await this.retry.run(() =>
      this.db.lastRecommendations.findUnique({ where: { userId } }),
    );
    if (row === null) return null;
    const items = storedItems.safeParse(row.items);
    if (!items.success) return null;
    return { modelVersion: row.modelVersion, items: items.data, madeAt: row.madeAt };
  }
}
