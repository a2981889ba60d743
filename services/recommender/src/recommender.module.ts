import { Module, type DynamicModule } from '@nestjs/common';
import { CoreModule } from '@marquee/nest-common';
import type { RecommenderConfig } from './config/recommender-config';
import { RECOMMENDER_CONFIG } from './core/tokens';
import { RecommenderHealthModule } from './health/health.module';
import { ModelModule } from './model/model.module';
import { QueueModule } from './queue/queue.module';

@Module({})
export class RecommenderModule {
  static forRoot(config: RecommenderConfig): DynamicModule {
    return {
      module: RecommenderModule,
      imports: [
        // Postgres is used by the registry only (model loading), never on the request path.
        CoreModule.forRoot({
          databaseUrl: config.DATABASE_URL,
          dbPoolSize: 2,
          redisUrl: config.REDIS_URL,
          values: [{ provide: RECOMMENDER_CONFIG, useValue: config }],
        }),
        ModelModule,
        QueueModule,
        RecommenderHealthModule,
      ],
    };
  }
}
