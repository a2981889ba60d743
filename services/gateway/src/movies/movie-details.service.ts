import { Injectable } from '@nestjs/common';
import type { Movie, MovieDetailsResponse } from '@marquee/contracts';
import { DomainError } from '../errors/domain-error';
import { MovieMapper } from './movie-mapper';
import { MovieRowsCache } from './movie-rows.cache';
import { MovieStandingRepository } from './movie-standing.repository';

/** One film for its page: the movie, and the user's rating and list for it. */
@Injectable()
export class MovieDetailsService {
  constructor(
    private readonly rows: MovieRowsCache,
    private readonly mapper: MovieMapper,
    private readonly standing: MovieStandingRepository,
  ) {}

  async details(anonId: string, movieId: number): Promise<MovieDetailsResponse> {
    const [movie, standing] = await Promise.all([
      this.movie(movieId),
      this.standing.read(anonId, movieId),
    ]);
    return { movie, ...standing };
  }

  /** The movie with its poster looked up (briefly); MOVIE_NOT_FOUND when there is none. */
  async movie(movieId: number): Promise<Movie> {
    const [row] = await this.rows.findByIds([movieId]);
    if (!row) throw new DomainError('MOVIE_NOT_FOUND', `There is no film with id ${movieId}`);
    const [movie] = await this.mapper.toMovies([row]);
    return movie as Movie;
  }
}
