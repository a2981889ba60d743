import { Module } from '@nestjs/common';
import { RecommendModule } from '../recommend/recommend.module';
import { RecommendWorker } from './recommend.worker';

@Module({
  imports: [RecommendModule],
  providers: [RecommendWorker],
})
export class QueueModule {}
