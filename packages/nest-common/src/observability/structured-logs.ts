import type { INestApplication } from '@nestjs/common';
import { Logger as PinoNestLogger, PinoLogger } from 'nestjs-pino';
// nestjs-pino 4 keeps its per-request logger in this AsyncLocalStorage and exports no helper to
// enter it outside an HTTP request (5.x adds PinoLogger.runInContext but requires Node 22.12,
// and this project runs on Node 20.19+). The version is pinned exactly, so this path is stable.
import { Store, storage } from 'nestjs-pino/storage';
import type { Bindings } from 'pino';

/**
 * Routes every Nest Logger call of the app through pino (the app must import loggingModule and
 * be created with `bufferLogs: true`, so that boot lines logged before this are not lost).
 */
export function useStructuredLogs(app: INestApplication): void {
  app.useLogger(app.get(PinoNestLogger));
  app.flushLogs();
}

/** Runs `work` so that every line it logs carries `bindings` (e.g. a job's request id). */
export function runWithLogBindings<T>(pino: PinoLogger, bindings: Bindings, work: () => T): T {
  return storage.run(new Store(pino.logger.child(bindings)), work);
}

export { PinoLogger };
