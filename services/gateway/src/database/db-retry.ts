import { Inject, Injectable, Logger } from '@nestjs/common';
import { TimeoutError, throttledErrorLogger, withTimeout } from '@marquee/nest-common';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { backoffMs, sleep } from '../deadlines/backoff';
import { Deadline, currentDeadline } from '../deadlines/deadline';
import { databaseUnavailable } from '../errors/domain-error';
import { isTransientDatabaseError } from './prisma-errors';

/** What one attempt is told. */
export interface DbAttempt {
  /** From the second attempt on: an earlier one may have been applied and its answer lost. */
  retried: boolean;
  /** Interactive-transaction options that end the attempt's transaction by the deadline. */
  tx: { maxWait: number; timeout: number };
}

/**
 * Rides through short Postgres outages the way a driver rides through a failover: `work` is run
 * again, whole (a transaction as one), while Postgres is unreachable, restarting or not
 * answering, until the current request's deadline. An error of the query itself is not retried.
 * Nothing is started after the deadline; past it the request answers DATABASE_UNAVAILABLE
 * (503 with Retry-After). `work` must be idempotent: an attempt whose answer was lost may
 * have been applied.
 */
@Injectable()
export class DbRetry {
  private readonly logger = new Logger('Database');
  private readonly warn = throttledErrorLogger(this.logger, 'Postgres unavailable, retrying');

  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {}

  async run<T>(work: (attempt: DbAttempt) => Promise<T>): Promise<T> {
    // Outside a request (none of today's callers), the read deadline.
    const deadline = currentDeadline() ?? Deadline.after(this.config.deadlines.read);
    for (let attempt = 0; ; attempt++) {
      const remaining = deadline.remainingMs();
      if (remaining === 0) throw databaseUnavailable();
      try {
        const tx = { maxWait: remaining, timeout: remaining };
        return await withTimeout(work({ retried: attempt > 0, tx }), remaining, 'Postgres');
      } catch (err) {
        if (!(err instanceof TimeoutError) && !isTransientDatabaseError(err)) throw err;
        this.warn(err);
      }
      await sleep(backoffMs(attempt, deadline.remainingMs()));
    }
  }
}
