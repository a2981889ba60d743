import { Logger } from '@nestjs/common';
import { isDatabaseUnavailable } from './prisma-errors';

/**
 * What the gateway does with a promise rejection nothing handled. A query that Prisma stopped
 * waiting for (its interactive transaction gave up while Postgres did not answer) still fails
 * later, when pg's query_timeout fires, and nothing awaits that failure: the request it belonged
 * to has been answered already, so it is logged, not fatal. Anything else is rethrown, which ends
 * the process as Node's default does.
 */
export function onUnhandledRejection(reason: unknown, logger: Pick<Logger, 'warn'>): void {
  if (isDatabaseUnavailable(reason)) {
    const message = reason instanceof Error ? reason.message : String(reason);
    logger.warn(`A database query no request was waiting for failed: ${message}`);
    return;
  }
  throw reason;
}

/** Installs onUnhandledRejection for this process (main.ts; tests keep Node's default). */
export function logAbandonedQueryFailures(): void {
  const logger = new Logger('Database');
  process.on('unhandledRejection', (reason) => onUnhandledRejection(reason, logger));
}
