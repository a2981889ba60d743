import { Injectable, Logger } from '@nestjs/common';
import { MoviesRepository, type PopularMovie } from './movies.repository';

/** How many of the most-rated movies the sampler prefers ("films people know"). */
export const POPULAR_POOL_SIZE = 1000;
export const POPULAR_CACHE_TTL_MS = 60_000;

/** The most-rated movies (most first, with their mean rating), recounted at most once a minute. */
@Injectable()
export class PopularMoviesCache {
  private readonly logger = new Logger('PopularMoviesCache');
  private cached: { movies: Promise<PopularMovie[]>; at: number } | null = null;

  constructor(private readonly movies: MoviesRepository) {}

  async ids(): Promise<number[]> {
    return (await this.list()).map((f) => f.movieId);
  }

  list(): Promise<PopularMovie[]> {
    const now = Date.now();
    if (this.cached === null || now - this.cached.at >= POPULAR_CACHE_TTL_MS) {
      const movies = this.movies.mostRated(POPULAR_POOL_SIZE);
      const forget = () => {
        if (this.cached?.movies === movies) this.cached = null;
      };
      // Concurrent callers share one count. A failed count is not kept, nor an empty one (no
      // ratings yet): the first ratings count at once.
      movies.then(
        (list) => {
          if (list.length === 0) forget();
        },
        (err: unknown) => {
          this.logger.warn(`Counting the most-rated films failed: ${String(err)}`);
          forget();
        },
      );
      this.cached = { movies, at: now };
    }
    return this.cached.movies;
  }
}
