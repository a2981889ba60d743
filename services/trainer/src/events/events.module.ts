import { Module } from '@nestjs/common';
import { ClientsModule, Transport } from '@nestjs/microservices';
import { redisOptionsFromUrl } from '@marquee/contracts';
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
          options: {
            ...redisOptionsFromUrl(config.REDIS_URL),
            // Without retryAttempts Nest's Redis client never reconnects after a drop.
            retryAttempts: Number.MAX_SAFE_INTEGER,
            retryDelay: 1_000,
          },
        }),
      },
    ]),
  ],
  providers: [ModelEventsPublisher],
  exports: [ModelEventsPublisher],
})
export class EventsModule {}
