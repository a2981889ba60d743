import { parentPort, workerData } from 'node:worker_threads';
import { fitNewUserStack, type StackFitRequest, type StackFitMessage } from './fit-stack';

/** Worker thread entry (fitNewUserStackInWorker): fits the stack, posting notes on the way. */
const port = parentPort;
if (!port) throw new Error('stack-fit-worker must run in a worker thread');
const post = (message: StackFitMessage) => port.postMessage(message);
const { data, config, options } = workerData as StackFitRequest;
fitNewUserStack(data, config, options, (note) => post({ type: 'note', note })).then(
  (fit) => post({ type: 'done', fit }),
  (error: unknown) =>
    post({
      type: 'failed',
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    }),
);
