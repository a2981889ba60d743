import { Inject, Injectable, Logger } from '@nestjs/common';
import { REDIS, throttledErrorLogger } from '@marquee/nest-common';
import type { Redis } from 'ioredis';
import { createHash } from 'node:crypto';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { DomainError } from '../errors/domain-error';

/** Whose attempts a check counts: the account's (by username) and the client address's. */
export interface SigninAttempt {
  /** null: counts against the client only (a sign-up, whose username has no account yet). */
  username: string | null;
  client: string;
}

/**
 * Limits password checks (sign-in, password change, account deletion) per account and per client
 * address: SIGNIN_LIMIT_PER_ACCOUNT and SIGNIN_LIMIT_PER_CLIENT attempts per SIGNIN_WINDOW_MS,
 * fixed windows counted in Redis so every gateway replica shares them. An attempt is counted
 * before its password is checked, so parallel guesses cannot overshoot; a success clears the
 * account's count. Without Redis no password is checked (SIGNIN_UNAVAILABLE): failing open
 * would let guesses through unbounded.
 */
@Injectable()
export class SigninLimiter {
  private readonly logger = new Logger('SigninLimiter');
  private readonly warn = throttledErrorLogger(this.logger, 'Redis unavailable for sign-in limits');

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  /** Counts one attempt; throws RATE_LIMITED (with Retry-After) when either budget is spent. */
  async hit(attempt: SigninAttempt): Promise<void> {
    const { perAccount, perClient, windowMs } = this.config.accounts.signinLimit;
    const budgets = [{ key: this.key('client', attempt.client), limit: perClient }];
    if (attempt.username !== null) {
      budgets.push({ key: this.key('account', attempt.username), limit: perAccount });
    }
    let replies: [Error | null, unknown][] | null;
    try {
      const multi = this.redis.multi();
      for (const { key } of budgets) {
        multi.incr(key).pexpire(key, windowMs, 'NX').pttl(key);
      }
      replies = await multi.exec();
    } catch (err) {
      this.warn(err);
      throw unavailable();
    }
    const values = (replies ?? []).map(([err, value]) => (err ? null : value));
    if (values.length !== budgets.length * 3 || values.some((v) => typeof v !== 'number')) {
      throw unavailable();
    }
    const waits = budgets.flatMap(({ limit }, i) => {
      const [count, , ttl] = values.slice(i * 3, i * 3 + 3) as number[];
      return count! > limit ? [ttl!] : [];
    });
    if (waits.length > 0) {
      const seconds = Math.max(1, Math.ceil(Math.max(...waits) / 1000));
      throw new DomainError(
        'RATE_LIMITED',
        `Too many sign-in attempts. Try again in ${seconds} s.`,
        undefined,
        undefined,
        seconds,
      );
    }
  }

  /** After a correct password: the account's failed attempts no longer count. */
  async succeeded(username: string): Promise<void> {
    try {
      await this.redis.del(this.key('account', username));
    } catch (err) {
      // The count then ends with its window: nothing to fail the sign-in for.
      this.warn(err);
    }
  }

  private key(kind: 'account' | 'client', id: string): string {
    // Hashed so usernames and addresses never appear in Redis key listings.
    const hash = createHash('sha256').update(id).digest('base64url');
    return `${this.config.bullPrefix}:signin:${kind}:${hash}`;
  }
}

function unavailable(): DomainError {
  return new DomainError(
    'SIGNIN_UNAVAILABLE',
    'Signing in is unavailable right now. Try again shortly.',
  );
}
