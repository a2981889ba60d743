import { Module } from '@nestjs/common';
import { TrainingModule } from '../training/training.module';
import { InitialTraining } from './initial-training';
import { TrainWorker } from './train.worker';

@Module({
  imports: [TrainingModule],
  providers: [TrainWorker, InitialTraining],
})
export class QueueModule {}
