import { Controller, Get, Inject, Res, UseGuards } from '@nestjs/common';
import { type TrainEvent, trainEvent } from '@marquee/contracts';
import type { Response } from 'express';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { ApiResult, Raises } from '../openapi/api-doc.decorators';
import { AdminStreamGuard } from './admin-stream.guard';
import { SseStream } from './sse-stream';
import { TrainEventsHub } from './train-events.hub';
import { TrainService } from './train.service';

@Controller('admin/train/events')
@UseGuards(AdminStreamGuard)
export class AdminTrainEventsController {
  constructor(
    private readonly hub: TrainEventsHub,
    private readonly training: TrainService,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  /**
   * Server-Sent Events: a `snapshot` of the pending train job first, then every train event as
   * it happens (see TrainEvent). Events that arrive while the snapshot is read are held back
   * and sent after it, so none is lost; a client applies them idempotently.
   */
  @Get()
  @ApiResult(
    'Server-Sent Events: a snapshot of the pending train job, then every train event; each data line is one JSON TrainEvent',
    trainEvent,
    'text/event-stream',
  )
  @Raises('QUEUE_UNAVAILABLE')
  async stream(@Res() res: Response): Promise<void> {
    const held: TrainEvent[] = [];
    let stream: SseStream | null = null;
    let over = false;
    // The client may leave, or the gateway shut down, while the snapshot is being read.
    res.on('close', () => (over = true));
    const unsubscribe = this.hub.subscribe({
      send: (event) => (stream === null ? held.push(event) : stream.send(event)),
      close: () => (stream === null ? (over = true) : stream.end()),
    });
    let snapshot: TrainEvent;
    try {
      const job = await this.training.current();
      snapshot = {
        type: 'snapshot',
        job,
        history: job === null ? [] : this.hub.history(job.jobId),
      };
    } catch (err) {
      // Before any byte is sent: the exception filter answers with JSON (e.g. 503).
      unsubscribe();
      throw err;
    }
    if (over) {
      unsubscribe();
      res.end();
      return;
    }
    const opened = new SseStream(res, this.config.adminEventsHeartbeatMs);
    opened.whenClosed(unsubscribe);
    opened.send(snapshot);
    for (const event of held.splice(0)) opened.send(event);
    stream = opened;
  }
}
