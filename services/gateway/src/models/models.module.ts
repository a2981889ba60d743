import { Module } from '@nestjs/common';
import { type Db, ModelRegistry } from '@marquee/db';
import { DB, ModelEventsModule } from '@marquee/nest-common';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { ModelsController } from './models.controller';
import { ModelsService } from './models.service';

@Module({
  imports: [
    ModelEventsModule.forRootAsync({
      inject: [GATEWAY_CONFIG],
      redisUrl: (config: GatewayConfig) => config.redisUrl,
    }),
  ],
  controllers: [ModelsController],
  providers: [
    { provide: ModelRegistry, inject: [DB], useFactory: (db: Db) => new ModelRegistry(db) },
    ModelsService,
  ],
  exports: [ModelsService],
})
export class ModelsModule {}
