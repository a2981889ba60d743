import { Module } from '@nestjs/common';
import { ModelEventsModule } from '@marquee/nest-common';
import type { TrainerConfig } from '../config/trainer-config';
import { TRAINER_CONFIG } from '../core/tokens';
import { TrainerMetrics } from '../metrics/trainer-metrics';
import { RecoveryModule } from '../recovery/recovery.module';
import { TrainingService } from './training.service';

@Module({
  imports: [
    ModelEventsModule.forRootAsync({
      inject: [TRAINER_CONFIG],
      redisUrl: (config: TrainerConfig) => config.redisUrl,
    }),
    RecoveryModule,
  ],
  providers: [TrainingService, TrainerMetrics],
  exports: [TrainingService, TrainerMetrics],
})
export class TrainingModule {}
