import { Controller, Delete, HttpCode, Inject, Post, Res, UseGuards } from '@nestjs/common';
import { ADMIN_SESSION_COOKIE } from '@marquee/contracts';
import type { CookieOptions, Response } from 'express';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { ApiResult } from '../openapi/api-doc.decorators';
import { ADMIN_SESSION_TTL_MS, signAdminSession } from './admin-session';
import { AdminTokenGuard } from './admin-token.guard';

/** The cookie is sent only to the admin API, never readable by scripts, never cross-site. */
function cookieOptions(config: GatewayConfig): CookieOptions {
  return { httpOnly: true, sameSite: 'strict', secure: config.cookieSecure, path: '/api/admin' };
}

/** Trades the bearer token for a short-lived admin session cookie (for EventSource). */
@Controller('admin/session')
export class AdminSessionController {
  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {}

  /** 204 with Set-Cookie; 401 for a wrong token, 503 when the admin API is disabled. */
  @Post()
  @HttpCode(204)
  @UseGuards(AdminTokenGuard)
  @ApiResult('Trades the bearer token for an admin session cookie (for EventSource)')
  start(@Res({ passthrough: true }) res: Response): void {
    // The guard has checked that the token is set and matches.
    const token = this.config.adminToken!;
    const expiresAtMs = Date.now() + ADMIN_SESSION_TTL_MS;
    res.cookie(ADMIN_SESSION_COOKIE, signAdminSession(token, expiresAtMs), {
      ...cookieOptions(this.config),
      maxAge: ADMIN_SESSION_TTL_MS,
    });
  }

  /** Ends the session (no token needed to forget a cookie). */
  @Delete()
  @HttpCode(204)
  @ApiResult('Ends the admin session (clears its cookie)')
  end(@Res({ passthrough: true }) res: Response): void {
    res.clearCookie(ADMIN_SESSION_COOKIE, cookieOptions(this.config));
  }
}
