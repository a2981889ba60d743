import { Module, type DynamicModule } from '@nestjs/common';
import { CoreModule, MetricsModule, loggingModule } from '@marquee/nest-common';
import type { DestinationStream } from '@marquee/nest-common';
import type { RecommenderConfig } from './config/recommender-config';
import { RECOMMENDER_CONFIG } from './core/tokens';
import { RecommenderHealthModule } from './health/health.module';
import { ModelModule } from './model/model.module';
import { QueueModule } from './queue/queue.module';

@Module({})
export class RecommenderModule {
  static forRoot(config: RecommenderConfig, logDestination?: DestinationStream): DynamicModule {
    return {
      module: RecommenderModule,
      imports: [
        loggingModule({
          service: 'recommender',
          ...config.logging,
          ...(logDestination ? { destination: logDestination } : {}),
        }),
        MetricsModule.forRoot({ service: 'recommender' }),
        // Postgres is used by the registry only (model loading), never on the request path.
        CoreModule.forRoot({
          databaseUrl: config.databaseUrl,
          dbPoolSize: 2,
          redisUrl: config.redisUrl,
          values: [{ provide: RECOMMENDER_CONFIG, useValue: config }],
        }),
        ModelModule,
        QueueModule,
        RecommenderHealthModule,
      ],
    };
  }
}
