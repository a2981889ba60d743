import { Injectable } from '@nestjs/common';
import type { Movie } from '@marquee/contracts';
import { UsersRepository } from '../identity/users.repository';
import { MovieMapper } from './movie-mapper';
import { MoviesRepository } from './movies.repository';
import { PopularMoviesCache } from './popular-movies.cache';

/** Picks `count` distinct items of `pool` at random (partial Fisher-Yates on a copy). */
export function pickRandom<T>(pool: readonly T[], count: number, random = Math.random): T[] {
  const copy = [...pool];
  const n = Math.min(count, copy.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (copy.length - i));
    const tmp = copy[i] as T;
    copy[i] = copy[j] as T;
    copy[j] = tmp;
  }
  return copy.slice(0, n);
}

/**
 * Random movies a user has neither rated nor skipped, preferring the most-rated movies and
 * falling back to any movie when those run out.
 */
@Injectable()
export class MovieSampler {
  constructor(
    private readonly movies: MoviesRepository,
    private readonly popular: PopularMoviesCache,
    private readonly mapper: MovieMapper,
    private readonly users: UsersRepository,
  ) {}

  /** A sample for the cookie's user; an unknown anonymous id is an empty profile. */
  async sampleForAnon(anonId: string, count: number): Promise<Movie[]> {
    return this.sample(await this.users.findIdByAnonId(anonId), count);
  }

  /**
   * @param userId users.id, or null for a user who has written nothing yet
   * @param alsoExclude more movie ids to leave out (e.g. the one just skipped)
   */
  async sample(userId: number | null, count: number, alsoExclude: number[] = []): Promise<Movie[]> {
    const seen = userId === null ? [] : await this.movies.ratedOrSkippedIds(userId);
    const excluded = new Set([...seen, ...alsoExclude]);
    const popular = (await this.popular.ids()).filter((id) => !excluded.has(id));
    const picked = pickRandom(popular, count);
    if (picked.length < count) {
      const more = await this.movies.randomIds(count - picked.length, [...excluded, ...picked]);
      picked.push(...more);
    }
    const rows = await this.movies.findByIds(picked);
    return this.mapper.toMovies(rows);
  }
}
