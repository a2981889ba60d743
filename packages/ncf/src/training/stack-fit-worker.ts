import { fitNewUserStack, type StackFitRequest } from './fit-stack';
import { serveWorkerTask } from './worker-task';

/** Worker thread entry (fitNewUserStackInWorker): fits the stack, posting notes on the way. */
serveWorkerTask(({ data, config, options }: StackFitRequest, note) =>
  fitNewUserStack(data, config, options, note),
);
