import { Inject, Injectable } from '@nestjs/common';
import type { Db, Prisma } from '@marquee/db';
import { DB } from '../database/database.module';
import { DbRetry } from '../database/db-retry';
import { UsersRepository } from '../identity/users.repository';

/** A film of the catalogue as an import matches it. */
export interface CatalogueMovie {
  id: number;
  title: string;
  year: number | null;
  imdbId: string | null;
}

/** What an import writes, every row of it already matched to a film. */
export interface ImportWritePlan {
  ratings: { movieId: number; rating: number; at: Date | null }[];
  skips: { movieId: number; at: Date | null }[];
  watchlist: { movieId: number; at: Date | null }[];
  notInterested: { movieId: number; at: Date | null }[];
}

/** Everything the user told the product, for the export. */
export interface UserData {
  ratings: { movie: CatalogueMovie; rating: number; at: Date }[];
  skips: { movie: CatalogueMovie; at: Date }[];
  watchlist: { movie: CatalogueMovie; at: Date }[];
  notInterested: { movie: CatalogueMovie; at: Date }[];
}

const COLUMNS = { id: true, title: true, year: true, imdbId: true } as const;

/**
 * Times as text for unnest(): null is "now" (LEAST ignores a NULL), and a time in the future
 * is now too.
 */
const times = (rows: { at: Date | null }[]) => rows.map((r) => r.at?.toISOString() ?? null);
const ids = (rows: { movieId: number }[]) => rows.map((r) => r.movieId);

@Injectable()
export class ImportsRepository {
  constructor(
    @Inject(DB) private readonly db: Db,
    private readonly users: UsersRepository,
    private readonly retry: DbRetry,
  ) {}

  /** The films with these IMDb ids (digits without leading zeros; links.csv pads to 7). */
  async moviesByImdbIds(imdbIds: string[]): Promise<CatalogueMovie[]> {
    if (imdbIds.length === 0) return [];
    return this.retry.run(
      () => this.db.$queryRaw<CatalogueMovie[]>`
        SELECT id, title, year, imdb_id AS "imdbId" FROM movies
        WHERE ltrim(imdb_id, '0') = ANY(${imdbIds}::text[])`,
    );
  }

  async moviesByIds(movieIds: number[]): Promise<CatalogueMovie[]> {
    if (movieIds.length === 0) return [];
    return this.retry.run(() =>
      this.db.movie.findMany({ where: { id: { in: movieIds } }, select: COLUMNS }),
    );
  }

  /** The films of these years; every film when `anyYear` (a row without a year). */
  async moviesByYears(years: number[], anyYear: boolean): Promise<CatalogueMovie[]> {
    return this.retry.run(() =>
      this.db.movie.findMany({
        where: anyYear ? {} : { year: { in: years } },
        select: COLUMNS,
      }),
    );
  }

  /** The user's ratings, by movie (outside a transaction: the preview's). */
  async currentRatings(userId: number | null): Promise<Map<number, number>> {
    return this.retry.run(() => this.ratingsOf(this.db, userId));
  }

  /** The user's ratings, by movie; empty for a user who has written nothing. */
  private async ratingsOf(
    client: Db | Prisma.TransactionClient,
    userId: number | null,
  ): Promise<Map<number, number>> {
    if (userId === null) return new Map<number, number>();
    const rows = await client.rating.findMany({
      where: { userId },
      select: { movieId: true, rating: true },
    });
    return new Map(rows.map((r) => [r.movieId, r.rating]));
  }

  /**
   * Runs `plan` (given the user's current ratings) and writes what it returns, all in ONE
   * transaction: every row or none. The user is created on their first write. Retried whole
   * through a Postgres outage (each attempt starts from nothing; the writes are idempotent).
   */
  async write<T>(
    anonId: string,
    plan: (current: Map<number, number>) => { writes: ImportWritePlan; result: T },
  ): Promise<T> {
    return this.retry.run((attempt) =>
      this.db.$transaction(async (tx) => {
        const userId = await this.users.ensureAppUser(tx, anonId);
        const { writes, result } = plan(await this.ratingsOf(tx, userId));
        await this.writeAll(tx, userId, writes);
        return result;
      }, attempt.tx),
    );
  }

  private async writeAll(
    tx: Prisma.TransactionClient,
    userId: number,
    w: ImportWritePlan,
  ): Promise<void> {
    if (w.ratings.length > 0) {
      await tx.$executeRaw`
        INSERT INTO ratings (user_id, movie_id, rating, rated_at)
        SELECT ${userId}, m, r,
               LEAST(t::timestamptz, now()) AT TIME ZONE 'UTC'
        FROM unnest(${ids(w.ratings)}::int[], ${w.ratings.map((r) => r.rating)}::real[],
                    ${times(w.ratings)}::text[]) AS x(m, r, t)
        ON CONFLICT (user_id, movie_id)
        DO UPDATE SET rating = EXCLUDED.rating, rated_at = EXCLUDED.rated_at`;
      // As a rating by hand: a film rated is seen, on neither list.
      const rated = ids(w.ratings);
      await tx.watchlistEntry.deleteMany({ where: { userId, movieId: { in: rated } } });
      await tx.notInterested.deleteMany({ where: { userId, movieId: { in: rated } } });
    }
    if (w.skips.length > 0) {
      await tx.$executeRaw`
        INSERT INTO skips (user_id, movie_id, skipped_at)
        SELECT ${userId}, m, LEAST(t::timestamptz, now()) AT TIME ZONE 'UTC'
        FROM unnest(${ids(w.skips)}::int[], ${times(w.skips)}::text[]) AS x(m, t)
        ON CONFLICT (user_id, movie_id) DO NOTHING`;
    }
    if (w.watchlist.length > 0) {
      await tx.$executeRaw`
        INSERT INTO watchlist (user_id, movie_id, added_at)
        SELECT ${userId}, m, LEAST(t::timestamptz, now()) AT TIME ZONE 'UTC'
        FROM unnest(${ids(w.watchlist)}::int[], ${times(w.watchlist)}::text[]) AS x(m, t)
        ON CONFLICT (user_id, movie_id) DO NOTHING`;
      await tx.notInterested.deleteMany({ where: { userId, movieId: { in: ids(w.watchlist) } } });
    }
    if (w.notInterested.length > 0) {
      await tx.$executeRaw`
        INSERT INTO not_interested (user_id, movie_id, marked_at)
        SELECT ${userId}, m, LEAST(t::timestamptz, now()) AT TIME ZONE 'UTC'
        FROM unnest(${ids(w.notInterested)}::int[], ${times(w.notInterested)}::text[]) AS x(m, t)
        ON CONFLICT (user_id, movie_id) DO NOTHING`;
      await tx.watchlistEntry.deleteMany({
        where: { userId, movieId: { in: ids(w.notInterested) } },
      });
    }
  }

  /** Everything the user has, oldest first; empty for a user who has written nothing. */
  async userData(userId: number | null): Promise<UserData> {
    if (userId === null) return { ratings: [], skips: [], watchlist: [], notInterested: [] };
    return this.retry.run(async () => {
      const movie = { select: COLUMNS };
      const [ratings, skips, watchlist, notInterested] = await Promise.all([
        this.db.rating.findMany({
          where: { userId },
          select: { rating: true, ratedAt: true, movie },
          orderBy: [{ ratedAt: 'asc' }, { movieId: 'asc' }],
        }),
        this.db.skip.findMany({
          where: { userId },
          select: { skippedAt: true, movie },
          orderBy: [{ skippedAt: 'asc' }, { movieId: 'asc' }],
        }),
        this.db.watchlistEntry.findMany({
          where: { userId },
          select: { addedAt: true, movie },
          orderBy: [{ addedAt: 'asc' }, { movieId: 'asc' }],
        }),
        this.db.notInterested.findMany({
          where: { userId },
          select: { markedAt: true, movie },
          orderBy: [{ markedAt: 'asc' }, { movieId: 'asc' }],
        }),
      ]);
      return {
        ratings: ratings.map((r) => ({ movie: r.movie, rating: r.rating, at: r.ratedAt })),
        skips: skips.map((s) => ({ movie: s.movie, at: s.skippedAt })),
        watchlist: watchlist.map((w) => ({ movie: w.movie, at: w.addedAt })),
        notInterested: notInterested.map((n) => ({ movie: n.movie, at: n.markedAt })),
      };
    });
  }
}
