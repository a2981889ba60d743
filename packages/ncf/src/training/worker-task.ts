import { existsSync } from 'node:fs';
import { parentPort, Worker, workerData } from 'node:worker_threads';

/** What a task's worker thread posts to the thread that started it. */
export type WorkerTaskMessage<Result> =
  | { type: 'note'; note: string }
  | { type: 'done'; result: Result }
  | { type: 'failed'; message: string };

export interface WorkerTaskOptions {
  /** Names the task in the errors, e.g. 'new-user stack fit'. */
  task: string;
  onNote?: (note: string) => void;
  /** Aborting terminates the worker and rejects. */
  signal?: AbortSignal;
}

/**
 * Whether a worker entry can run: it is a compiled script, present when this package runs from
 * its build (dist), not from TypeScript sources (ts-jest, tsx).
 */
export const workerScriptExists = (script: string): boolean => existsSync(script);

/**
 * Runs the worker entry `script` (which calls serveWorkerTask) on `request` in a worker thread;
 * resolves with its result, rejects when it fails, exits early or is aborted. The request and the
 * result are copied between the threads (structured clone): typed arrays stay typed arrays.
 */
export function runWorkerTask<Request, Result>(
  script: string,
  request: Request,
  { task, onNote, signal }: WorkerTaskOptions,
): Promise<Result> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { workerData: request });
    let settled = false;
    const settle = (action: () => void) => {
      if (settled) return;
      settled = true;
      action();
      void worker.terminate();
    };
    worker.on('message', (message: WorkerTaskMessage<Result>) => {
      if (message.type === 'note') onNote?.(message.note);
      else if (message.type === 'done') settle(() => resolve(message.result));
      else settle(() => reject(new Error(`${task} failed: ${message.message}`)));
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) =>
      settle(() => reject(new Error(`${task} worker exited (code ${code})`))),
    );
    signal?.addEventListener('abort', () => settle(() => reject(new Error(`${task} cancelled`))));
  });
}

/** A worker entry's body: runs `work` on the request runWorkerTask passed, posting its result. */
export function serveWorkerTask<Request, Result>(
  work: (request: Request, note: (note: string) => void) => Result | Promise<Result>,
): void {
  const port = parentPort;
  if (!port) throw new Error('a worker task must run in a worker thread');
  const post = (message: WorkerTaskMessage<Result>) => port.postMessage(message);
  Promise.resolve()
    .then(() => work(workerData as Request, (note) => post({ type: 'note', note })))
    .then(
      (result) => post({ type: 'done', result }),
      (error: unknown) =>
        post({
          type: 'failed',
          message: error instanceof Error ? (error.stack ?? error.message) : String(error),
        }),
    );
}
