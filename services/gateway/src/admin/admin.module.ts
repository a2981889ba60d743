import { Inject, Logger, Module, type OnModuleInit } from '@nestjs/common';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { ModelsModule } from '../models/models.module';
import { AdminModelsController } from './admin-models.controller';
import { AdminSessionController } from './admin-session.controller';
import { AdminStreamGuard } from './admin-stream.guard';
import { AdminTokenGuard } from './admin-token.guard';
import { AdminTrainEventsController } from './admin-train-events.controller';
import { AdminTrainController } from './admin-train.controller';
import { TrainEventsHub } from './train-events.hub';
import { TrainJobsRepository } from './train-jobs.repository';
import { TRAIN_QUEUE, trainQueueProviders } from './train-queue';
import { TrainService } from './train.service';

/** /api/admin: retrains and model activation, behind ADMIN_TOKEN. */
@Module({
  imports: [ModelsModule],
  // The event stream's route comes before train/:jobId, which would otherwise match it.
  controllers: [
    AdminTrainEventsController,
    AdminTrainController,
    AdminModelsController,
    AdminSessionController,
  ],
  providers: [
    AdminTokenGuard,
    AdminStreamGuard,
    ...trainQueueProviders,
    TrainJobsRepository,
    TrainService,
    TrainEventsHub,
  ],
  // The train queue's depth is a gateway metric.
  exports: [TRAIN_QUEUE],
})
export class AdminModule implements OnModuleInit {
  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {}

  onModuleInit(): void {
    if (this.config.adminToken === null) {
      new Logger('Admin').log('ADMIN_TOKEN is not set: the /api/admin routes answer 503');
    }
  }
}
