import { Module } from '@nestjs/common';
import { ModelEventsController } from './model-events.controller';
import { ModelHolder } from './model-holder';

@Module({
  controllers: [ModelEventsController],
  providers: [ModelHolder],
  exports: [ModelHolder],
})
export class ModelModule {}
