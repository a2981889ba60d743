import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { MoviesModule } from '../movies/movies.module';
import { FilmListsRepository } from './film-lists.repository';
import { FilmListsService } from './film-lists.service';
import { NotInterestedController } from './not-interested.controller';
import { WatchlistController } from './watchlist.controller';

/** The controls on recommendations: "not interested" and the watchlist. */
@Module({
  imports: [IdentityModule, MoviesModule],
  controllers: [NotInterestedController, WatchlistController],
  providers: [FilmListsRepository, FilmListsService],
})
export class ControlsModule {}
