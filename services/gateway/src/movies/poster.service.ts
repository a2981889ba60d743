import { Inject, Injectable, Logger } from '@nestjs/common';
import pLimit from 'p-limit';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { MovieRowsCache } from './movie-rows.cache';
import { PostersRepository } from './posters.repository';
import { TmdbClient, TmdbUnavailableError } from './tmdb.client';

/** The columns poster lookups need. */
export interface PosterFields {
  id: number;
  tmdbId: number | null;
  posterPath: string | null;
  posterCheckedAt: Date | null;
}

/** A movie TMDB has no poster for is asked about again after this long. */
export const POSTER_RECHECK_MS = 30 * 24 * 3600 * 1000;
/** After TMDB fails (down, timeout, rate limit, bad key), no lookups for this long. */
export const TMDB_PAUSE_MS = 60_000;
/** Lookups running at once, per gateway process. */
export const TMDB_CONCURRENCY = 4;

/**
 * Posters from TMDB, cached in Postgres. A movie list never waits for TMDB longer than
 * POSTER_WAIT_MS: lookups still running then go on in the background, fill the cache, and the
 * movie shows its poster the next time it is listed. Without TMDB_API_KEY nothing is looked up
 * and the web draws a placeholder.
 */
@Injectable()
export class PosterService {
  private readonly logger = new Logger('Posters');
  /** Lookups started and not finished, by movie id; a movie is never looked up twice at once. */
  private readonly inFlight = new Map<number, Promise<string | null>>();
  /** Runs a lookup when fewer than TMDB_CONCURRENCY are running, in the order they came. */
  private readonly limited = pLimit(TMDB_CONCURRENCY);
  private pausedUntil = 0;

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly tmdb: TmdbClient,
    private readonly repository: PostersRepository,
    private readonly movieRows: MovieRowsCache,
  ) {}

  posterUrl(movie: { posterPath: string | null }): string | null {
    return movie.posterPath ? `${this.config.tmdb.imageUrl}${movie.posterPath}` : null;
  }

  /**
   * The rows with posterPath filled in for movies whose lookup finished within POSTER_WAIT_MS.
   * Never throws because of TMDB.
   */
  async fill<T extends PosterFields>(rows: readonly T[]): Promise<T[]> {
    const lookups = new Map<number, Promise<string | null>>();
    for (const row of rows) {
      if (this.needsLookup(row)) lookups.set(row.id, this.lookup(row.id, row.tmdbId as number));
    }
    if (lookups.size === 0) return [...rows];

    const found = new Map<number, string>();
    const settled = Promise.all(
      [...lookups].map(async ([id, lookup]) => {
        const path = await lookup;
        if (path !== null) found.set(id, path);
      }),
    );
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      settled,
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, this.config.tmdb.waitMs);
      }),
    ]);
    clearTimeout(timer);
    return rows.map((row) => {
      const path = found.get(row.id);
      return path === undefined ? row : { ...row, posterPath: path };
    });
  }

  private needsLookup(row: PosterFields): boolean {
    if (!this.tmdb.enabled || row.tmdbId === null || row.posterPath !== null) return false;
    if (Date.now() < this.pausedUntil) return false;
    return (
      row.posterCheckedAt === null || Date.now() - row.posterCheckedAt.getTime() > POSTER_RECHECK_MS
    );
  }

  /** One movie's lookup (shared by concurrent callers); resolves null on any failure. */
  private lookup(movieId: number, tmdbId: number): Promise<string | null> {
    let lookup = this.inFlight.get(movieId);
    if (lookup === undefined) {
      lookup = this.limited(() => this.lookupAndCache(movieId, tmdbId)).finally(() =>
        this.inFlight.delete(movieId),
      );
      this.inFlight.set(movieId, lookup);
    }
    return lookup;
  }

  private async lookupAndCache(movieId: number, tmdbId: number): Promise<string | null> {
    if (Date.now() < this.pausedUntil) return null;
    let posterPath: string | null;
    try {
      ({ posterPath } = await this.tmdb.posterPath(tmdbId));
    } catch (err) {
      const reason = err instanceof TmdbUnavailableError ? err.message : String(err);
      if (Date.now() >= this.pausedUntil) {
        this.logger.warn(
          `TMDB lookup of film ${movieId} failed (${reason}); no lookups for ${TMDB_PAUSE_MS / 1000} s`,
        );
      }
      this.pausedUntil = Date.now() + TMDB_PAUSE_MS;
      return null;
    }
    try {
      this.movieRows.recordPoster(
        movieId,
        posterPath,
        await this.repository.save(movieId, posterPath),
      );
    } catch (err) {
      // The poster still shows this time; the next listing looks it up again.
      this.logger.warn(`Caching the poster of film ${movieId} failed: ${String(err)}`);
    }
    return posterPath;
  }
}
