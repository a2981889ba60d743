import { Module } from '@nestjs/common';
import { type Db, ModelRegistry } from '@marquee/db';
import { DB } from '@marquee/nest-common';
import { AdminModule } from '../admin/admin.module';
import { PendingTrainJobRepository } from './pending-train-job.repository';
import { TrainingProgressController } from './training-progress.controller';
import { TrainingProgressService } from './training-progress.service';

/** GET /api/models/training: the train queue's pending job, read through the admin's queue. */
@Module({
  imports: [AdminModule],
  controllers: [TrainingProgressController],
  providers: [
    { provide: ModelRegistry, inject: [DB], useFactory: (db: Db) => new ModelRegistry(db) },
    PendingTrainJobRepository,
    TrainingProgressService,
  ],
})
export class TrainingProgressModule {}
