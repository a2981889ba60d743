import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';

export const IDENTITY_COOKIE = 'marquee_uid';
const ONE_YEAR_MS = 365 * 24 * 3600 * 1000;
const uuid = z.uuid();

/** A request whose anonymous user is known (set by IdentityMiddleware). */
export interface IdentifiedRequest extends Request {
  anonId?: string;
}

/**
 * Anonymous identity: a random UUID in a signed, httpOnly, SameSite=Lax cookie. A request
 * without a valid one (missing, unsigned, tampered, not a UUID) gets a fresh id and cookie.
 */
@Injectable()
export class IdentityMiddleware implements NestMiddleware {
  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {}

  use(req: IdentifiedRequest, res: Response, next: NextFunction): void {
    const signed: unknown = (req.signedCookies as Record<string, unknown> | undefined)?.[
      IDENTITY_COOKIE
    ];
    if (typeof signed === 'string' && uuid.safeParse(signed).success) {
      req.anonId = signed.toLowerCase();
    } else {
      req.anonId = issueIdentity(res, this.config);
    }
    next();
  }
}

/** Gives the response a fresh anonymous id in the identity cookie; returns the id. */
export function issueIdentity(res: Response, config: Pick<GatewayConfig, 'cookieSecure'>): string {
  const anonId = randomUUID();
  res.cookie(IDENTITY_COOKIE, anonId, {
    signed: true,
    httpOnly: true,
    sameSite: 'lax',
    secure: config.cookieSecure,
    path: '/',
    maxAge: ONE_YEAR_MS,
  });
  return anonId;
}
