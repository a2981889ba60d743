import { Queue, QueueEvents } from 'bullmq';
import { bullConnection } from '../redis/connection-options';

/** A BullMQ Queue and its QueueEvents for a test to add jobs and wait for their results. */
export interface TestQueue {
  queue: Queue;
  events: QueueEvents;
  /** Closes the listener, obliterates the queue's keys (best effort) and closes the queue. */
  close(): Promise<void>;
}

/** Opens queue `name` under `prefix` on `redisUrl`; resolves once its QueueEvents listens. */
export async function openTestQueue(options: {
  redisUrl: string;
  name: string;
  prefix: string;
}): Promise<TestQueue> {
  const connection = bullConnection(options.redisUrl);
  const queue = new Queue(options.name, { connection, prefix: options.prefix });
  const events = new QueueEvents(options.name, { connection, prefix: options.prefix });
  await events.waitUntilReady();
  return {
    queue,
    events,
    async close() {
      await events.close();
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
    },
  };
}
