import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { IdentifiedRequest } from './identity.middleware';

/** The current anonymous user's id (from the marquee_uid cookie). */
export const AnonId = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const anonId = ctx.switchToHttp().getRequest<IdentifiedRequest>().anonId;
  if (anonId === undefined) {
    throw new Error('IdentityMiddleware did not run for this route');
  }
  return anonId;
});
