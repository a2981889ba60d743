import { Inject, Injectable } from '@nestjs/common';
import { MOVIE_COLUMNS, type Db, type MovieColumns } from '@marquee/db';
import { DB } from '../database/database.module';
import { DbRetry } from '../database/db-retry';

/** A movie by how often it was rated, with its mean rating. */
export interface PopularMovie {
  movieId: number;
  meanRating: number;
}

/** Movie reads; each is retried through a Postgres outage until the request's deadline. */
@Injectable()
export class MoviesRepository {
  constructor(
    @Inject(DB) private readonly db: Db,
    private readonly retry: DbRetry,
  ) {}

  async exists(movieId: number): Promise<boolean> {
    const row = await this.retry.run(() =>
      this.db.movie.findUnique({ where: { id: movieId }, select: { id: true } }),
    );
    return row !== null;
  }

  /** The rows of these movies, in the order of `ids` (ids with no row are left out). */
  async findByIds(ids: readonly number[]): Promise<MovieColumns[]> {
    if (ids.length === 0) {
      return [];
    }
    const rows = await this.retry.run(() =>
      this.db.movie.findMany({ where: { id: { in: [...ids] } }, select: MOVIE_COLUMNS }),
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** Movies by number of ratings, most rated first, with their mean rating. */
  async mostRated(limit: number): Promise<PopularMovie[]> {
    const rows = await this.retry.run(() =>
      this.db.movieRatingStats.findMany({
        where: { ratingCount: { gt: 0 } },
        orderBy: [{ ratingCount: 'desc' }, { movieId: 'asc' }],
        take: limit,
      }),
    );
    return rows.map((r) => ({ movieId: r.movieId, meanRating: r.ratingSum / r.ratingCount }));
  }

  /** Movies this user has rated or skipped. */
  async ratedOrSkippedIds(userId: number): Promise<number[]> {
    const rows = await this.retry.run(
      () => this.db.$queryRaw<{ movie_id: number }[]>`
        SELECT movie_id FROM ratings WHERE user_id = ${userId}
        UNION
        SELECT movie_id FROM skips WHERE user_id = ${userId}`,
    );
    return rows.map((r) => r.movie_id);
  }

  /** Up to `limit` random movie ids not in `excluded`. */
  async randomIds(limit: number, excluded: readonly number[]): Promise<number[]> {
    const rows = await this.retry.run(
      () => this.db.$queryRaw<{ id: number }[]>`
        SELECT id FROM movies
        WHERE NOT (id = ANY(${[...excluded]}::int[]))
        ORDER BY random()
        LIMIT ${limit}`,
    );
    return rows.map((r) => r.id);
  }
}
