import { Module, type DynamicModule } from '@nestjs/common';
import {
  CoreModule,
  MetricsModule,
  loggingModule,
  type DestinationStream,
} from '@marquee/nest-common';
import { TRAIN_WORKER_OPTIONS } from '@marquee/contracts';
import type { NcfConfig } from '@marquee/ncf';
import type { TrainerConfig } from './config/trainer-config';
import { NCF_OVERRIDES, TRAIN_LOCKS, TRAINER_CONFIG, type TrainLocks } from './core/tokens';
import { TrainerHealthModule } from './health/health.module';
import { QueueModule } from './queue/queue.module';

export interface TrainerModuleOptions {
  ncfOverrides?: Partial<NcfConfig>;
  logDestination?: DestinationStream;
  /** Merged over TRAIN_WORKER_OPTIONS. */
  trainLocks?: Partial<TrainLocks>;
}

@Module({})
export class TrainerModule {
  static forRoot(config: TrainerConfig, options: TrainerModuleOptions = {}): DynamicModule {
    const { ncfOverrides = {}, logDestination, trainLocks } = options;
    return {
      module: TrainerModule,
      imports: [
        loggingModule({
          service: 'trainer',
          ...config.logging,
          ...(logDestination ? { destination: logDestination } : {}),
        }),
        MetricsModule.forRoot({ service: 'trainer' }),
        CoreModule.forRoot({
          databaseUrl: config.databaseUrl,
          dbPoolSize: 4,
          redisUrl: config.redisUrl,
          values: [
            { provide: TRAINER_CONFIG, useValue: config },
            { provide: NCF_OVERRIDES, useValue: ncfOverrides },
            { provide: TRAIN_LOCKS, useValue: { ...TRAIN_WORKER_OPTIONS, ...trainLocks } },
          ],
        }),
        QueueModule,
        TrainerHealthModule,
      ],
    };
  }
}
