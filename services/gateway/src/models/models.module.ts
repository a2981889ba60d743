import { Module } from '@nestjs/common';
import { type Db, ModelRegistry } from '@marquee/db';
import { DB } from '@marquee/nest-common';
import { ModelEventsModule } from '../events/model-events.module';
import { ModelsController } from './models.controller';
import { ModelsService } from './models.service';

@Module({
  imports: [ModelEventsModule],
  controllers: [ModelsController],
  providers: [
    { provide: ModelRegistry, inject: [DB], useFactory: (db: Db) => new ModelRegistry(db) },
    ModelsService,
  ],
  exports: [ModelsService],
})
export class ModelsModule {}
