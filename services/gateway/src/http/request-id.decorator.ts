import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { requestIdOf } from '@marquee/nest-common';
import type { IncomingMessage } from 'node:http';

/** The request's id (x-request-id, taken from the caller or made by the logging middleware). */
export const RequestId = createParamDecorator((_data: unknown, ctx: ExecutionContext): string =>
  requestIdOf(ctx.switchToHttp().getRequest<IncomingMessage>()),
);
