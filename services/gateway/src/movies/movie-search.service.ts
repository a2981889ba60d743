import { Injectable } from '@nestjs/common';
import type { MovieSearchResponse } from '@marquee/contracts';
import { MovieMapper } from './movie-mapper';
import { MovieSearchRepository } from './movie-search.repository';
import { MoviesRepository } from './movies.repository';

@Injectable()
export class MovieSearchService {
  constructor(
    private readonly search: MovieSearchRepository,
    private readonly movies: MoviesRepository,
    private readonly mapper: MovieMapper,
  ) {}

  async find(query: string, limit: number): Promise<MovieSearchResponse> {
    const ids = await this.search.search(query, limit);
    return { query, movies: await this.mapper.toMovies(await this.movies.findByIds(ids)) };
  }
}
