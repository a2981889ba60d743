import { Module } from '@nestjs/common';
import { ModelEventsController } from './model-events.controller';
import { FilmFactsRepository } from './film-facts.repository';
import { ModelHolder } from './model-holder';

@Module({
  controllers: [ModelEventsController],
  providers: [FilmFactsRepository, ModelHolder],
  exports: [ModelHolder],
})
export class ModelModule {}
