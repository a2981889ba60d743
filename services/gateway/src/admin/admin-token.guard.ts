import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { DomainError } from '../errors/domain-error';

export const ADMIN_DISABLED_MESSAGE = 'admin API disabled: set ADMIN_TOKEN';

const BEARER = /^Bearer[ ]+(\S+)[ ]*$/i;

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Compares in time independent of where the strings differ (digests have equal length). */
export function tokensMatch(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Admits a request only with `Authorization: Bearer <ADMIN_TOKEN>`. With no ADMIN_TOKEN
 * configured the admin API is switched off (503), so no token at all can open it.
 */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const expected = this.config.adminToken;
    if (expected === null) {
      throw new DomainError('ADMIN_DISABLED', ADMIN_DISABLED_MESSAGE);
    }
    const http = context.switchToHttp();
    const header = http.getRequest<Request>().headers.authorization ?? '';
    const given = BEARER.exec(header)?.[1];
    if (given === undefined || !tokensMatch(given, expected)) {
      http.getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer realm="marquee-admin"');
      throw new DomainError(
        'UNAUTHORIZED',
        given === undefined
          ? 'This admin route needs the header Authorization: Bearer <ADMIN_TOKEN>'
          : 'The admin token is not valid',
      );
    }
    return true;
  }
}
