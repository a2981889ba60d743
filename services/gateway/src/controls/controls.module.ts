import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { MoviesModule } from '../movies/movies.module';
import { MovieListsRepository } from './movie-lists.repository';
import { MovieListsService } from './movie-lists.service';
import { NotInterestedController } from './not-interested.controller';
import { WatchlistController } from './watchlist.controller';

/** The controls on recommendations: "not interested" and the watchlist. */
@Module({
  imports: [IdentityModule, MoviesModule],
  controllers: [NotInterestedController, WatchlistController],
  providers: [MovieListsRepository, MovieListsService],
})
export class ControlsModule {}
