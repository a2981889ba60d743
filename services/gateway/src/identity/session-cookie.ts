import { SESSION_COOKIE } from '@marquee/contracts';
import type { Request, Response } from 'express';
import { createHash, randomBytes } from 'node:crypto';
import type { GatewayConfig } from '../config/gateway-config';

/** A new session token: 32 random bytes, base64url. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the sessions table stores of a token. */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The token of a valid signed session cookie, or null (none, unsigned, tampered, malformed). */
export function sessionTokenOf(req: Request): string | null {
  const signed: unknown = (req.signedCookies as Record<string, unknown> | undefined)?.[
    SESSION_COOKIE
  ];
  return typeof signed === 'string' && /^[\w-]{43}$/.test(signed) ? signed : null;
}

type CookieConfig = Pick<GatewayConfig, 'cookieSecure'>;

function cookieOptions(config: CookieConfig) {
  return {
    signed: true,
    httpOnly: true,
    sameSite: 'lax',
    secure: config.cookieSecure,
    path: '/',
  } as const;
}

export function setSessionCookie(
  res: Response,
  token: string,
  expiresAt: Date,
  config: CookieConfig,
): void {
  res.cookie(SESSION_COOKIE, token, { ...cookieOptions(config), expires: expiresAt });
}

export function clearSessionCookie(res: Response, config: CookieConfig): void {
  res.clearCookie(SESSION_COOKIE, cookieOptions(config));
}
