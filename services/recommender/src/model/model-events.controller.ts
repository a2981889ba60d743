import { Controller, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { EVENTS, modelPublishedEvent } from '@marquee/contracts';
import { ModelHolder } from './model-holder';

/** Redis pub/sub entry point: a published model makes the holder check the registry now. */
@Controller()
export class ModelEventsController {
  private readonly logger = new Logger(ModelEventsController.name);

  constructor(private readonly holder: ModelHolder) {}

  @EventPattern(EVENTS.modelPublished)
  async onModelPublished(@Payload() payload: unknown): Promise<void> {
    const parsed = modelPublishedEvent.safeParse(payload);
    const label = parsed.success ? `event for version ${parsed.data.version}` : 'event';
    if (!parsed.success) {
      this.logger.warn(`malformed ${EVENTS.modelPublished} payload; checking the registry anyway`);
    }
    // The event is a hint; the registry's ACTIVE version is what gets served.
    await this.holder.refresh(label);
  }
}
