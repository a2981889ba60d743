import { Module } from '@nestjs/common';
import { RecommenderMetricsModule } from '../metrics/recommender-metrics.module';
import { RecommendModule } from '../recommend/recommend.module';
import { RecommendWorker } from './recommend.worker';

@Module({
  imports: [RecommendModule, RecommenderMetricsModule],
  providers: [RecommendWorker],
})
export class QueueModule {}
