import { Injectable } from '@nestjs/common';
import type { RatedMovie, RatingResponse } from '@marquee/contracts';
import { DomainError } from '../errors/domain-error';
import { UsersRepository } from '../identity/users.repository';
import { MovieMapper } from '../movies/movie-mapper';
import { RatingsRepository } from './ratings.repository';

@Injectable()
export class RatingsService {
  constructor(
    private readonly ratings: RatingsRepository,
    private readonly users: UsersRepository,
    private readonly mapper: MovieMapper,
  ) {}

  async rate(anonId: string, movieId: number, rating: number): Promise<RatingResponse> {
    if (!(await this.ratings.upsert(anonId, movieId, rating))) {
      throw new DomainError('MOVIE_NOT_FOUND', `There is no film with id ${movieId}`);
    }
    return { movieId, rating };
  }

  async unrate(anonId: string, movieId: number): Promise<void> {
    const userId = await this.users.findIdByAnonId(anonId);
    if (userId === null || !(await this.ratings.remove(userId, movieId))) {
      throw new DomainError('RATING_NOT_FOUND', `You have not rated the film with id ${movieId}`);
    }
  }

  async list(anonId: string): Promise<RatedMovie[]> {
    const userId = await this.users.findIdByAnonId(anonId);
    if (userId === null) {
      return [];
    }
    const rows = await this.ratings.listWithMovies(userId);
    const movies = await this.mapper.toMovies(rows.map((r) => r.movie));
    return rows.map((r, i) => ({
      movie: movies[i] as RatedMovie['movie'],
      rating: r.rating,
      ratedAt: r.ratedAt.toISOString(),
    }));
  }
}
