import { type DynamicModule, Module } from '@nestjs/common';
import { ClientsModule, Transport } from '@nestjs/microservices';
import { redisTransportOptions } from '../redis/connection-options';
import { MODEL_EVENTS_CLIENT, ModelEventsPublisher } from './model-events.publisher';

export interface ModelEventsOptions {
  /** Providers the factory needs, e.g. the service's config token. */
  inject: (string | symbol)[];
  /** Returns the Redis URL the events travel over. */
  redisUrl: (...deps: never[]) => string;
}

/** The publisher of model.published, over the @nestjs/microservices Redis transport. */
@Module({})
export class ModelEventsModule {
  static forRootAsync(options: ModelEventsOptions): DynamicModule {
    return {
      module: ModelEventsModule,
      imports: [
        ClientsModule.registerAsync([
          {
            name: MODEL_EVENTS_CLIENT,
            inject: options.inject,
            // Nest hands the injected providers over untyped; the caller's redisUrl declares them.
            useFactory: (...deps: unknown[]) => ({
              transport: Transport.REDIS,
              options: redisTransportOptions(options.redisUrl(...(deps as never[]))),
            }),
          },
        ]),
      ],
      providers: [ModelEventsPublisher],
      exports: [ModelEventsPublisher],
    };
  }
}
