import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { DeadlineKind } from '../config/deadlines';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { setDeadlineAfterStart } from './deadline';
import { ROUTE_DEADLINE } from './route-deadline.decorator';

/**
 * Sets the request's deadline by its route's kind (RouteDeadline), counted from the request's
 * arrival. Never refuses a request. A guard rather than an interceptor: guards run as a plain
 * call, while every interceptor adds an rxjs pipeline and a bound async resource per request,
 * which cost the gateway measurable CPU at the load target.
 */
@Injectable()
export class DeadlineGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const kind =
      this.reflector.getAllAndOverride<DeadlineKind | undefined>(ROUTE_DEADLINE, [
        context.getHandler(),
        context.getClass(),
      ]) ?? 'read';
    setDeadlineAfterStart(this.config.deadlines[kind]);
    return true;
  }
}
