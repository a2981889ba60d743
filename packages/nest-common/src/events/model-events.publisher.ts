import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';
import { EVENTS, modelPublishedEvent, type ModelPublishedEvent } from '@marquee/contracts';

/** Nest injection token of the Redis-transport ClientProxy that carries model events. */
export const MODEL_EVENTS_CLIENT = 'MODEL_EVENTS_CLIENT';

const EMIT_TIMEOUT_MS = 5_000;

/** Broadcasts model lifecycle events to every recommender replica (Redis pub/sub). */
@Injectable()
export class ModelEventsPublisher {
  private readonly logger = new Logger(ModelEventsPublisher.name);

  constructor(@Inject(MODEL_EVENTS_CLIENT) private readonly client: ClientProxy) {}

  async modelPublished(event: ModelPublishedEvent): Promise<void> {
    const payload = modelPublishedEvent.parse(event);
    await firstValueFrom(
      this.client.emit(EVENTS.modelPublished, payload).pipe(timeout(EMIT_TIMEOUT_MS)),
      { defaultValue: undefined },
    );
    this.logger.log(`Emitted ${EVENTS.modelPublished} for version ${payload.version}`);
  }
}
