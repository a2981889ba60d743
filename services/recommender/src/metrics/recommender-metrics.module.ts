import { Module } from '@nestjs/common';
import { ModelModule } from '../model/model.module';
import { RecommenderMetrics } from './recommender-metrics';

@Module({
  imports: [ModelModule],
  providers: [RecommenderMetrics],
  exports: [RecommenderMetrics],
})
export class RecommenderMetricsModule {}
