import { Module } from '@nestjs/common';
import { type Db, ModelRegistry } from '@marquee/db';
import { DB } from '../database/database.module';
import { IdentityModule } from '../identity/identity.module';
import { MoviesModule } from '../movies/movies.module';
import { RatingsModule } from '../ratings/ratings.module';
import { SkipsModule } from '../skips/skips.module';
import { MovieForMeController } from './movie-for-me.controller';
import { MovieForMeService } from './movie-for-me.service';
import { RecommendationsController } from './recommendations.controller';
import { ActiveModelCache } from './active-model.cache';
import { LastRecommendationsRepository } from './last-recommendations.repository';
import { RecommendInputsRepository } from './recommend-inputs.repository';
import { RecommendationFallback } from './recommendation-fallback';
import { RecommendationItems } from './recommendation-items';
import { RecommendationsService } from './recommendations.service';

@Module({
  imports: [IdentityModule, MoviesModule, RatingsModule, SkipsModule],
  controllers: [RecommendationsController, MovieForMeController],
  providers: [
    { provide: ModelRegistry, inject: [DB], useFactory: (db: Db) => new ModelRegistry(db) },
    ActiveModelCache,
    RecommendInputsRepository,
    LastRecommendationsRepository,
    RecommendationItems,
    RecommendationFallback,
    RecommendationsService,
    MovieForMeService,
  ],
})
export class RecommendationsModule {}
