import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { TrainingService } from './training.service';

@Module({
  imports: [EventsModule],
  providers: [TrainingService],
  exports: [TrainingService],
})
export class TrainingModule {}
