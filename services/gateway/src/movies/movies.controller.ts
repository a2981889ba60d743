import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  type MovieDetailsResponse,
  movieDetailsResponse,
  movieIdParam,
  type MovieSampleResponse,
  type MovieSearchResponse,
  movieSampleResponse,
  movieSearchResponse,
  movieSearchQuery,
  sampleQuery,
} from '@marquee/contracts';
import type { z } from 'zod';
import { ZodValidationPipe } from '../errors/zod-validation.pipe';
import { AnonId } from '../identity/anon-id.decorator';
import { ApiResult, Raises } from '../openapi/api-doc.decorators';
import { MovieDetailsService } from './movie-details.service';
import { MovieSampler } from './movie-sampler.service';
import { MovieSearchService } from './movie-search.service';

@Controller('movies')
export class MoviesController {
  constructor(
    private readonly sampler: MovieSampler,
    private readonly searcher: MovieSearchService,
    private readonly details: MovieDetailsService,
  ) {}

  @Get('sample')
  @ApiResult(
    'Films to rate: a random sample of popular films the user has not rated or skipped',
    movieSampleResponse,
  )
  @Raises('DATABASE_UNAVAILABLE')
  async sample(
    @AnonId() anonId: string,
    @Query(new ZodValidationPipe(sampleQuery)) query: z.output<typeof sampleQuery>,
  ): Promise<MovieSampleResponse> {
    return { movies: await this.sampler.sampleForAnon(anonId, query.count) };
  }

  @Get('search')
  @ApiResult('Films whose title matches, best match first', movieSearchResponse)
  @Raises('DATABASE_UNAVAILABLE')
  search(
    @Query(new ZodValidationPipe(movieSearchQuery)) query: z.output<typeof movieSearchQuery>,
  ): Promise<MovieSearchResponse> {
    return this.searcher.find(query.q, query.limit);
  }

  // Declared after 'sample' and 'search', which it would otherwise shadow.
  @Get(':movieId')
  @ApiResult(
    "A film, with the user's rating of it and the list it is on (watchlist, not interested)",
    movieDetailsResponse,
  )
  @Raises('MOVIE_NOT_FOUND', 'DATABASE_UNAVAILABLE')
  movie(
    @AnonId() anonId: string,
    @Param('movieId', new ZodValidationPipe(movieIdParam)) movieId: number,
  ): Promise<MovieDetailsResponse> {
    return this.details.details(anonId, movieId);
  }
}
