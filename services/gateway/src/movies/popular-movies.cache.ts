import { Injectable, Logger } from '@nestjs/common';
import { MoviesRepository } from './movies.repository';

/** How many of the most-rated films the sampler prefers ("films people know"). */
export const POPULAR_POOL_SIZE = 1000;
export const POPULAR_CACHE_TTL_MS = 60_000;

/** The most-rated film ids, recounted at most once a minute per process. */
@Injectable()
export class PopularMoviesCache {
  private readonly logger = new Logger('PopularMoviesCache');
  private cached: { ids: Promise<number[]>; at: number } | null = null;

  constructor(private readonly movies: MoviesRepository) {}

  ids(): Promise<number[]> {
    const now = Date.now();
    if (this.cached === null || now - this.cached.at >= POPULAR_CACHE_TTL_MS) {
      const ids = this.movies.mostRatedIds(POPULAR_POOL_SIZE);
      // Concurrent callers share one count; a failed count is not cached.
      ids.catch((err: unknown) => {
        this.logger.warn(`Counting the most-rated films failed: ${String(err)}`);
        if (this.cached?.ids === ids) {
          this.cached = null;
        }
      });
      this.cached = { ids, at: now };
    }
    return this.cached.ids;
  }
}
