import { Inject, Injectable } from '@nestjs/common';
import type { Db } from '@marquee/db';
import { DB } from '../database/database.module';
import { DbRetry } from '../database/db-retry';

/** What the recommender needs to know about a user. */
export interface RecommendInputs {
  /** users.id; null for a user who has never written anything. */
  userId: number | null;
  /** (movieId, rating), by movieId. */
  ratings: { movieId: number; rating: number }[];
  /** Skipped movies, ascending. */
  skipped: number[];
  /** Movies marked "not interested", ascending. */
  notInterested: number[];
  /** Movies on the watchlist, ascending. */
  watchlisted: number[];
}

interface Row {
  id: number;
  ratings: { movieId: number; rating: number }[];
  skipped: number[];
  not_interested: number[];
  watchlisted: number[];
}

const NOBODY: Omit<RecommendInputs, 'userId'> = {
  ratings: [],
  skipped: [],
  notInterested: [],
  watchlisted: [],
};

/**
 * Reads a user's id, ratings, skips and lists ("not interested", watchlist) in ONE query: it runs
 * on every recommendation request, and a round trip through the pool for each (user, then
 * ratings and skips) would be the largest part of the gateway's time under load.
 */
@Injectable()
export class RecommendInputsRepository {
  constructor(
    @Inject(DB) private readonly db: Db,
    private readonly retry: DbRetry,
  ) {}

  async read(anonId: string): Promise<RecommendInputs> {
    const rows = await this.retry.run(
      () => this.db.$queryRaw<Row[]>`
      SELECT u.id,
        COALESCE((SELECT json_agg(json_build_object('movieId', r.movie_id, 'rating', r.rating)
                                  ORDER BY r.movie_id)
                  FROM ratings r WHERE r.user_id = u.id), '[]'::json) AS ratings,
        COALESCE((SELECT array_agg(s.movie_id ORDER BY s.movie_id)
                  FROM skips s WHERE s.user_id = u.id), '{}'::int[]) AS skipped,
        COALESCE((SELECT array_agg(n.movie_id ORDER BY n.movie_id)
                  FROM not_interested n WHERE n.user_id = u.id), '{}'::int[]) AS not_interested,
        COALESCE((SELECT array_agg(w.movie_id ORDER BY w.movie_id)
                  FROM watchlist w WHERE w.user_id = u.id), '{}'::int[]) AS watchlisted
      FROM users u
      WHERE u.anon_id = ${anonId}::uuid`,
    );
    const row = rows[0];
    if (!row) return { userId: null, ...NOBODY };
    return {
      userId: row.id,
      ratings: row.ratings,
      skipped: row.skipped,
      notInterested: row.not_interested,
      watchlisted: row.watchlisted,
    };
  }
}
