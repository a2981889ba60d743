import { Module } from '@nestjs/common';
import { ModelEventsController } from './model-events.controller';
import { MovieFactsRepository } from './movie-facts.repository';
import { ModelHolder } from './model-holder';

@Module({
  controllers: [ModelEventsController],
  providers: [MovieFactsRepository, ModelHolder],
  exports: [ModelHolder],
})
export class ModelModule {}
