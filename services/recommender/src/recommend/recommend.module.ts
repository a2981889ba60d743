import { Module } from '@nestjs/common';
import { ModelModule } from '../model/model.module';
import { RecommendationService } from './recommendation.service';

@Module({
  imports: [ModelModule],
  providers: [RecommendationService],
  exports: [RecommendationService],
})
export class RecommendModule {}
