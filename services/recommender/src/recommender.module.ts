import { Module, type DynamicModule } from '@nestjs/common';
import type { RecommenderConfig } from './config/recommender-config';
import { CoreModule } from './core/core.module';
import { HealthModule } from './health/health.module';
import { ModelModule } from './model/model.module';
import { QueueModule } from './queue/queue.module';

@Module({})
export class RecommenderModule {
  static forRoot(config: RecommenderConfig): DynamicModule {
    return {
      module: RecommenderModule,
      imports: [CoreModule.forRoot(config), ModelModule, QueueModule, HealthModule],
    };
  }
}
