import {
  type CallHandler,
  type ExecutionContext,
  Inject,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Observable } from 'rxjs';
import type { DeadlineKind } from '../config/deadlines';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { Deadline, runWithDeadline } from './deadline';
import { ROUTE_DEADLINE } from './route-deadline.decorator';

/** Starts each HTTP request's deadline, by its route's kind, as the current deadline. */
@Injectable()
export class DeadlineInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const kind =
      this.reflector.getAllAndOverride<DeadlineKind | undefined>(ROUTE_DEADLINE, [
        context.getHandler(),
        context.getClass(),
      ]) ?? 'read';
    // Nest binds the handler to the async context handle() is called in.
    return runWithDeadline(Deadline.after(this.config.deadlines[kind]), () => next.handle());
  }
}
