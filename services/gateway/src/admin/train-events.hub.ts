import {
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import {
  type TrainEvent,
  type TrainJobProgress,
  trainJobProgress,
  trainJobResult,
} from '@marquee/contracts';
import type { QueueEvents, QueueEventsListener } from 'bullmq';
import { TRAIN_QUEUE_EVENTS } from './train-queue';

/** Someone following the train queue, e.g. one open event stream. */
export interface TrainEventSubscriber {
  send(event: TrainEvent): void;
  /** The gateway is shutting down: end the stream. */
  close(): void;
}

/** Epoch histories are kept for this many recent jobs (a retrain is minutes apart). */
const HISTORY_JOBS = 5;

/**
 * Fans the train queue's events out to every subscriber through ONE BullMQ QueueEvents
 * listener, however many admin pages are open, and remembers the epochs it saw of recent jobs
 * so that a page opened mid-training can draw the curve so far.
 */
@Injectable()
export class TrainEventsHub implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('TrainEvents');
  private readonly subscribers = new Set<TrainEventSubscriber>();
  /** Insertion-ordered: the oldest job's history is dropped first. */
  private readonly histories = new Map<string, TrainJobProgress[]>();

  constructor(@Inject(TRAIN_QUEUE_EVENTS) private readonly events: QueueEvents) {}

  private readonly onAdded: QueueEventsListener['added'] = ({ jobId }) =>
    this.publish({ type: 'queued', jobId });

  private readonly onActive: QueueEventsListener['active'] = ({ jobId }) =>
    this.publish({ type: 'active', jobId });

  private readonly onProgress: QueueEventsListener['progress'] = ({ jobId, data }) => {
    const parsed = trainJobProgress.safeParse(data);
    if (!parsed.success) {
      // BullMQ's own progress numbers, or a trainer speaking another contract.
      this.logger.warn(`Train job ${jobId} reported a malformed progress: ${JSON.stringify(data)}`);
      return;
    }
    this.remember(jobId, parsed.data);
    this.publish({ type: 'progress', jobId, progress: parsed.data });
  };

  private readonly onCompleted: QueueEventsListener['completed'] = ({ jobId, returnvalue }) => {
    const parsed = trainJobResult.safeParse(returnvalue);
    if (!parsed.success) {
      this.logger.warn(`Train job ${jobId} returned a malformed result`);
    }
    this.publish({ type: 'completed', jobId, result: parsed.success ? parsed.data : null });
  };

  private readonly onFailed: QueueEventsListener['failed'] = ({ jobId, failedReason }) =>
    this.publish({ type: 'failed', jobId, failedReason });

  onModuleInit(): void {
    this.events.on('added', this.onAdded);
    this.events.on('active', this.onActive);
    this.events.on('progress', this.onProgress);
    this.events.on('completed', this.onCompleted);
    this.events.on('failed', this.onFailed);
  }

  /** Ends every stream before the HTTP server closes (open streams would hold it open). */
  onModuleDestroy(): void {
    this.events.off('added', this.onAdded);
    this.events.off('active', this.onActive);
    this.events.off('progress', this.onProgress);
    this.events.off('completed', this.onCompleted);
    this.events.off('failed', this.onFailed);
    for (const subscriber of this.subscribers) subscriber.close();
    this.subscribers.clear();
  }

  /** Returns the unsubscribe function; call it when the stream closes. */
  subscribe(subscriber: TrainEventSubscriber): () => void {
    this.subscribers.add(subscriber);
    return () => {
      this.subscribers.delete(subscriber);
    };
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /** The epochs seen of a job, in order (empty for a job this gateway has not seen train). */
  history(jobId: string): TrainJobProgress[] {
    return [...(this.histories.get(jobId) ?? [])];
  }

  private remember(jobId: string, progress: TrainJobProgress): void {
    let epochs = this.histories.get(jobId);
    if (epochs === undefined) {
      epochs = [];
      this.histories.set(jobId, epochs);
      while (this.histories.size > HISTORY_JOBS) {
        this.histories.delete(this.histories.keys().next().value!);
      }
    }
    // Epoch 0 is the trainer's "started" report, not a point on the curve.
    if (progress.epoch === 0) return;
    const last = epochs.at(-1);
    if (last !== undefined && last.epoch >= progress.epoch) {
      // The job restarted (stalled and retried): its curve starts again.
      epochs.length = 0;
    }
    epochs.push(progress);
  }

  private publish(event: TrainEvent): void {
    for (const subscriber of this.subscribers) {
      try {
        subscriber.send(event);
      } catch (err) {
        this.logger.warn(`Dropping a train event subscriber: ${String(err)}`);
        this.subscribers.delete(subscriber);
      }
    }
  }
}
