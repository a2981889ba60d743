import { Module } from '@nestjs/common';
import { ClientsModule, Transport } from '@nestjs/microservices';
import { redisTransportOptions } from '@marquee/nest-common';
import type { TrainerConfig } from '../config/trainer-config';
import { MODEL_EVENTS_CLIENT, TRAINER_CONFIG } from '../core/tokens';
import { ModelEventsPublisher } from './model-events.publisher';

@Module({
  imports: [
    ClientsModule.registerAsync([
      {
        name: MODEL_EVENTS_CLIENT,
        inject: [TRAINER_CONFIG],
        useFactory: (config: TrainerConfig) => ({
          transport: Transport.REDIS,
          options: redisTransportOptions(config.REDIS_URL),
        }),
      },
    ]),
  ],
  providers: [ModelEventsPublisher],
  exports: [ModelEventsPublisher],
})
export class EventsModule {}
