import { Inject, Logger, Module, type OnModuleInit } from '@nestjs/common';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { ModelsModule } from '../models/models.module';
import { AdminModelsController } from './admin-models.controller';
import { AdminTokenGuard } from './admin-token.guard';
import { AdminTrainController } from './admin-train.controller';
import { TrainJobsRepository } from './train-jobs.repository';
import { trainQueueProviders } from './train-queue';
import { TrainService } from './train.service';

/** /api/admin: retrains and model activation, behind ADMIN_TOKEN. */
@Module({
  imports: [ModelsModule],
  controllers: [AdminTrainController, AdminModelsController],
  providers: [AdminTokenGuard, ...trainQueueProviders, TrainJobsRepository, TrainService],
})
export class AdminModule implements OnModuleInit {
  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {}

  onModuleInit(): void {
    if (this.config.adminToken === null) {
      new Logger('Admin').log('ADMIN_TOKEN is not set: the /api/admin routes answer 503');
    }
  }
}
