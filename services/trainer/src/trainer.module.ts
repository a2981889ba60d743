import { Module, type DynamicModule } from '@nestjs/common';
import {
  CoreModule,
  MetricsModule,
  loggingModule,
  type DestinationStream,
} from '@marquee/nest-common';
import type { NcfConfig } from '@marquee/ncf';
import type { TrainerConfig } from './config/trainer-config';
import { NCF_OVERRIDES, TRAINER_CONFIG } from './core/tokens';
import { TrainerHealthModule } from './health/health.module';
import { QueueModule } from './queue/queue.module';

@Module({})
export class TrainerModule {
  static forRoot(
    config: TrainerConfig,
    ncfOverrides: Partial<NcfConfig> = {},
    logDestination?: DestinationStream,
  ): DynamicModule {
    return {
      module: TrainerModule,
      imports: [
        loggingModule({
          service: 'trainer',
          level: config.LOG_LEVEL,
          format: config.LOG_FORMAT,
          ...(logDestination ? { destination: logDestination } : {}),
        }),
        MetricsModule.forRoot({ service: 'trainer' }),
        CoreModule.forRoot({
          databaseUrl: config.DATABASE_URL,
          dbPoolSize: 4,
          redisUrl: config.REDIS_URL,
          values: [
            { provide: TRAINER_CONFIG, useValue: config },
            { provide: NCF_OVERRIDES, useValue: ncfOverrides },
          ],
        }),
        QueueModule,
        TrainerHealthModule,
      ],
    };
  }
}
