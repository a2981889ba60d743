import { Injectable, Logger } from '@nestjs/common';
import { MoviesRepository, type PopularMovie } from './movies.repository';

/** How many of the most-rated films the sampler prefers ("films people know"). */
export const POPULAR_POOL_SIZE = 1000;
export const POPULAR_CACHE_TTL_MS = 60_000;

/** The most-rated films (most first, with their mean rating), recounted at most once a minute. */
@Injectable()
export class PopularMoviesCache {
  private readonly logger = new Logger('PopularMoviesCache');
  private cached: { films: Promise<PopularMovie[]>; at: number } | null = null;

  constructor(private readonly movies: MoviesRepository) {}

  async ids(): Promise<number[]> {
    return (await this.films()).map((f) => f.movieId);
  }

  films(): Promise<PopularMovie[]> {
    const now = Date.now();
    if (this.cached === null || now - this.cached.at >= POPULAR_CACHE_TTL_MS) {
      const films = this.movies.mostRated(POPULAR_POOL_SIZE);
      const forget = () => {
        if (this.cached?.films === films) this.cached = null;
      };
      // Concurrent callers share one count. A failed count is not kept, nor an empty one (no
      // ratings yet): the first ratings count at once.
      films.then(
        (list) => {
          if (list.length === 0) forget();
        },
        (err: unknown) => {
          this.logger.warn(`Counting the most-rated films failed: ${String(err)}`);
          forget();
        },
      );
      this.cached = { films, at: now };
    }
    return this.cached.films;
  }
}
