import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { MovieRowsCache } from './movie-rows.cache';
import { MovieDetailsService } from './movie-details.service';
import { MovieMapper } from './movie-mapper';
import { MovieStandingRepository } from './movie-standing.repository';
import { MovieSampler } from './movie-sampler.service';
import { MovieSearchRepository } from './movie-search.repository';
import { MovieSearchService } from './movie-search.service';
import { MoviesController } from './movies.controller';
import { MoviesRepository } from './movies.repository';
import { PopularMoviesCache } from './popular-movies.cache';
import { PosterService } from './poster.service';
import { PostersRepository } from './posters.repository';
import { TmdbClient } from './tmdb.client';

@Module({
  imports: [IdentityModule],
  controllers: [MoviesController],
  providers: [
    TmdbClient,
    PostersRepository,
    PosterService,
    MovieMapper,
    MoviesRepository,
    MovieRowsCache,
    PopularMoviesCache,
    MovieSampler,
    MovieSearchRepository,
    MovieSearchService,
    MovieStandingRepository,
    MovieDetailsService,
  ],
  exports: [
    MovieDetailsService,
    PosterService,
    MovieMapper,
    MoviesRepository,
    MovieSampler,
    MovieRowsCache,
    PopularMoviesCache,
  ],
})
export class MoviesModule {}
