import { Module } from '@nestjs/common';
import { ModelModule } from '../model/model.module';
import { MovieForMeService } from './movie-for-me.service';
import { RecommendationService } from './recommendation.service';

@Module({
  imports: [ModelModule],
  providers: [RecommendationService, MovieForMeService],
  exports: [RecommendationService, MovieForMeService],
})
export class RecommendModule {}
