import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { SESSION_COOKIE } from '@marquee/contracts';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { clearSessionCookie, hashSessionToken, sessionTokenOf } from './session-cookie';
import { type SessionAccount, SessionsRepository } from './sessions.repository';

export const IDENTITY_COOKIE = 'marquee_uid';
const ONE_YEAR_MS = 365 * 24 * 3600 * 1000;
const uuid = z.uuid();

/** A request whose profile is known (set by IdentityMiddleware). */
export interface IdentifiedRequest extends Request {
  /** The profile's key (users.anon_id): the anonymous cookie's id, or the signed-in account's. */
  anonId?: string;
  /** The account and session of a signed-in request; null when anonymous. */
  account?: SessionAccount | null;
}

/**
 * Who the request is. A signed session cookie of a live session wins: the request reads and
 * writes that account's profile. Otherwise (no session cookie, or a forged, expired, revoked or
 * deleted one, whose cookie is then cleared) the anonymous identity: a random UUID in a signed,
 * httpOnly, SameSite=Lax cookie; a request without a valid one (missing, unsigned, tampered,
 * not a UUID) gets a fresh id and cookie.
 */
@Injectable()
export class IdentityMiddleware implements NestMiddleware {
  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly sessions: SessionsRepository,
  ) {}

  async use(req: IdentifiedRequest, res: Response, next: NextFunction): Promise<void> {
    req.account = null;
    const token = sessionTokenOf(req);
    if (token !== null) {
      const account = await this.sessions.findLive(hashSessionToken(token));
      if (account !== null) {
        req.account = account;
        req.anonId = account.anonId;
        next();
        return;
      }
    }
    const cookies = {
      ...(req.cookies as object | undefined),
      ...(req.signedCookies as object | undefined),
    };
    if (SESSION_COOKIE in cookies) {
      clearSessionCookie(res, this.config);
    }
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
