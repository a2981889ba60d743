import { Inject, Injectable } from '@nestjs/common';
import type { Db } from '@marquee/db';
import { DB } from '../database/database.module';
import { DbRetry } from '../database/db-retry';

/** Where one movie stands for one user: their rating and the list it is on, if any. */
export interface MovieStanding {
  rating: number | null;
  list: 'watchlist' | 'not-interested' | null;
}

const UNSEEN: MovieStanding = { rating: null, list: null };

interface Row {
  rating: number | null;
  watchlisted: boolean;
  not_interested: boolean;
}

/** Reads a user's rating and list entries for one movie in one query. */
@Injectable()
export class MovieStandingRepository {
  constructor(
    @Inject(DB) private readonly db: Db,
    private readonly retry: DbRetry,
  ) {}

  async read(anonId: string, movieId: number): Promise<MovieStanding> {
    const rows = await this.retry.run(
      () => this.db.$queryRaw<Row[]>`
      SELECT
        (SELECT r.rating FROM ratings r WHERE r.user_id = u.id AND r.movie_id = ${movieId}) AS rating,
        EXISTS (SELECT 1 FROM watchlist w WHERE w.user_id = u.id AND w.movie_id = ${movieId})
          AS watchlisted,
        EXISTS (SELECT 1 FROM not_interested n WHERE n.user_id = u.id AND n.movie_id = ${movieId})
          AS not_interested
      FROM users u
      WHERE u.anon_id = ${anonId}::uuid`,
    );
    const row = rows[0];
    if (!row) return UNSEEN;
    return {
      rating: row.rating,
      list: row.watchlisted ? 'watchlist' : row.not_interested ? 'not-interested' : null,
    };
  }
}
