import { Controller, Get, Query } from '@nestjs/common';
import {
  type MovieSampleResponse,
  type MovieSearchResponse,
  movieSearchQuery,
  sampleQuery,
} from '@marquee/contracts';
import type { z } from 'zod';
import { ZodValidationPipe } from '../errors/zod-validation.pipe';
import { AnonId } from '../identity/anon-id.decorator';
import { MovieSampler } from './movie-sampler.service';
import { MovieSearchService } from './movie-search.service';

@Controller('movies')
export class MoviesController {
  constructor(
    private readonly sampler: MovieSampler,
    private readonly searcher: MovieSearchService,
  ) {}

  @Get('sample')
  async sample(
    @AnonId() anonId: string,
    @Query(new ZodValidationPipe(sampleQuery)) query: z.output<typeof sampleQuery>,
  ): Promise<MovieSampleResponse> {
    return { movies: await this.sampler.sampleForAnon(anonId, query.count) };
  }

  @Get('search')
  search(
    @Query(new ZodValidationPipe(movieSearchQuery)) query: z.output<typeof movieSearchQuery>,
  ): Promise<MovieSearchResponse> {
    return this.searcher.find(query.q, query.limit);
  }
}
