import { Module, type DynamicModule } from '@nestjs/common';
import type { NcfConfig } from '@marquee/ncf';
import type { TrainerConfig } from './config/trainer-config';
import { CoreModule } from './core/core.module';
import { HealthModule } from './health/health.module';
import { QueueModule } from './queue/queue.module';

@Module({})
export class TrainerModule {
  static forRoot(config: TrainerConfig, ncfOverrides: Partial<NcfConfig> = {}): DynamicModule {
    return {
      module: TrainerModule,
      imports: [CoreModule.forRoot(config, ncfOverrides), QueueModule, HealthModule],
    };
  }
}
