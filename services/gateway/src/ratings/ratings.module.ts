import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { MoviesModule } from '../movies/movies.module';
import { RatingsController } from './ratings.controller';
import { RatingsRepository } from './ratings.repository';
import { RatingsService } from './ratings.service';

@Module({
  imports: [IdentityModule, MoviesModule],
  controllers: [RatingsController],
  providers: [RatingsRepository, RatingsService],
  exports: [RatingsRepository],
})
export class RatingsModule {}
