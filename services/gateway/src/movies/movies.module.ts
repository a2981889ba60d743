import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { MovieMapper } from './movie-mapper';
import { MovieSampler } from './movie-sampler.service';
import { MoviesController } from './movies.controller';
import { MoviesRepository } from './movies.repository';
import { PopularMoviesCache } from './popular-movies.cache';
import { PosterService } from './poster.service';

@Module({
  imports: [IdentityModule],
  controllers: [MoviesController],
  providers: [PosterService, MovieMapper, MoviesRepository, PopularMoviesCache, MovieSampler],
  exports: [PosterService, MovieMapper, MoviesRepository, MovieSampler],
})
export class MoviesModule {}
