import { type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
  normalizeIp,
} from '@nestjs/throttler';
import type { Request } from 'express';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { DomainError } from '../errors/domain-error';
import { IDENTITY_COOKIE } from '../identity/identity.middleware';

const uuid = z.uuid();

/**
 * Who a request counts against: the anonymous user of a valid signed identity cookie, else the
 * client address. Keying on the cookie matters because the web forwards every browser's
 * requests from its own address; a client that drops its cookie falls back to its address.
 */
export function clientOf(req: Request): string {
  const signed: unknown = (req.signedCookies as Record<string, unknown> | undefined)?.[
    IDENTITY_COOKIE
  ];
  if (typeof signed === 'string' && uuid.safeParse(signed).success) {
    return `user:${signed.toLowerCase()}`;
  }
  return `ip:${normalizeIp(req.ip ?? req.socket.remoteAddress ?? 'unknown')}`;
}

/**
 * Rate limit per client over the whole /api surface (one counter per client, not per route),
 * kept in Redis so every gateway replica shares it. Health and metrics are never limited.
 * Over the limit: 429 RATE_LIMITED with Retry-After (seconds) and a message saying the limit.
 */
@Injectable()
export class ClientThrottlerGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {
    super(options, storage, reflector);
  }

  protected override shouldSkip(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    const path = req.originalUrl ?? req.url;
    return Promise.resolve(this.config.security.rateLimit.max === 0 || !path.startsWith('/api/'));
  }

  protected override getTracker(req: Record<string, unknown>): Promise<string> {
    return Promise.resolve(clientOf(req as unknown as Request));
  }

  protected override generateKey(
    _context: ExecutionContext,
    tracker: string,
    throttlerName: string,
  ): string {
    // Hashed so a client's address or id never appears in Redis key listings.
    const id = createHash('sha256').update(tracker).digest('base64url');
    return `${this.config.bullPrefix}:ratelimit:${throttlerName}:${id}`;
  }

  protected override throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const seconds = Math.max(1, detail.timeToBlockExpire);
    throw new DomainError(
      'RATE_LIMITED',
      `Too many requests: at most ${detail.limit} per ${detail.ttl / 1000} s per client. ` +
        `Try again in ${seconds} s.`,
    );
  }
}
