import type { NextFunction, Request, Response } from 'express';
import { runWithDeadline } from './deadline';

/**
 * Opens each request's deadline scope as it arrives, before any other middleware, so everything
 * the request runs (body parsing, guards, handler, repositories) sees the same deadline.
 * A plain Express middleware: the scope costs one AsyncLocalStorage.run and nothing per await.
 */
export function startDeadlineScope(_req: Request, _res: Response, next: NextFunction): void {
  runWithDeadline(undefined, next);
}
