import { Module } from '@nestjs/common';
import { ClientsModule, Transport } from '@nestjs/microservices';
import { redisTransportOptions } from '@marquee/nest-common';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { MODEL_EVENTS_CLIENT, ModelEventsPublisher } from './model-events.publisher';

/** The Redis pub/sub client that tells every recommender replica about a model change. */
@Module({
  imports: [
    ClientsModule.registerAsync([
      {
        name: MODEL_EVENTS_CLIENT,
        inject: [GATEWAY_CONFIG],
        useFactory: (config: GatewayConfig) => ({
          transport: Transport.REDIS,
          options: redisTransportOptions(config.redisUrl),
        }),
      },
    ]),
  ],
  providers: [ModelEventsPublisher],
  exports: [ModelEventsPublisher],
})
export class ModelEventsModule {}
