import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { ADMIN_SESSION_COOKIE } from '@marquee/contracts';
import type { Request } from 'express';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { DomainError } from '../errors/domain-error';
import { verifyAdminSession } from './admin-session';
import { ADMIN_DISABLED_MESSAGE, AdminTokenGuard } from './admin-token.guard';

/**
 * Guards the admin event stream, which a browser opens with EventSource (no custom headers):
 * it admits the admin session cookie from POST /api/admin/session, or the bearer token as
 * AdminTokenGuard does. Only read-only routes use it; everything that changes state stays
 * bearer-only, so the cookie can never be used for cross-site writes.
 */
@Injectable()
export class AdminStreamGuard implements CanActivate {
  private readonly bearer: AdminTokenGuard;

  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {
    this.bearer = new AdminTokenGuard(config);
  }

  canActivate(context: ExecutionContext): boolean {
    const expected = this.config.adminToken;
    if (expected === null) {
      throw new DomainError('ADMIN_DISABLED', ADMIN_DISABLED_MESSAGE);
    }
    const req = context.switchToHttp().getRequest<Request>();
    const cookie: unknown = (req.cookies as Record<string, unknown> | undefined)?.[
      ADMIN_SESSION_COOKIE
    ];
    if (req.headers.authorization === undefined) {
      if (typeof cookie === 'string' && verifyAdminSession(cookie, expected, Date.now())) {
        return true;
      }
      throw new DomainError(
        'UNAUTHORIZED',
        cookie === undefined
          ? 'This stream needs the admin session cookie (POST /api/admin/session with the ' +
              'header Authorization: Bearer <ADMIN_TOKEN>) or that header itself'
          : 'The admin session has expired or is not valid: start a new one with ' +
              'POST /api/admin/session',
      );
    }
    return this.bearer.canActivate(context);
  }
}
