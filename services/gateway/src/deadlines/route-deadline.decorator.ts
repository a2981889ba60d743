import { SetMetadata } from '@nestjs/common';
import type { DeadlineKind } from '../config/deadlines';

export const ROUTE_DEADLINE = Symbol('ROUTE_DEADLINE');

/** Which deadline a route has (config/deadlines.ts); a route without one has `read`'s. */
export const RouteDeadline = (kind: DeadlineKind) => SetMetadata(ROUTE_DEADLINE, kind);
