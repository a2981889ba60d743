import type { INestApplication } from '@nestjs/common';
import type { CorsOptions } from '@nestjs/common/interfaces/external/cors-options.interface';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { isApiDocsUiPath } from '../openapi/api-docs.paths';
import type { SecurityConfig } from './security-config';

/** The API serves JSON only: no page of it may load anything or be framed. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/**
 * CORS for the web's origins only (WEB_ORIGIN), with cookies. Any other origin gets no CORS
 * headers, so browsers keep its pages from reading answers or sending JSON writes.
 */
export function corsOptions(security: SecurityConfig): CorsOptions {
  const allowed = new Set(security.webOrigins);
  return {
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    credentials: true,
    methods: ['GET', 'HEAD', 'PUT', 'POST', 'DELETE'],
    allowedHeaders: ['Content-Type', 'Authorization', 'X-Request-Id'],
    exposedHeaders: [
      'Retry-After',
      'X-Request-Id',
      'X-RateLimit-Limit',
      'X-RateLimit-Remaining',
      'X-RateLimit-Reset',
    ],
    maxAge: 600,
  };
}

/**
 * Swagger UI (/api/docs): its own scripts, styles and images only (served by the gateway, no
 * CDN), inline styles (the UI sets them), and requests to this origin ("Try it out").
 */
export const API_DOCS_CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
  frameAncestors: ["'none'"],
};

function securityHeaders(directives: Record<string, string[]>) {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
}

/** Security headers (helmet) and CORS; called before any route is registered. */
export function applyHttpSecurity(app: INestApplication, security: SecurityConfig): void {
  const api = securityHeaders({ defaultSrc: ["'none'"], frameAncestors: ["'none'"] });
  const docsUi = securityHeaders(API_DOCS_CONTENT_SECURITY_POLICY);
  app.use((req: Request, res: Response, next: NextFunction) =>
    (isApiDocsUiPath(req.path) ? docsUi : api)(req, res, next),
  );
  app.enableCors(corsOptions(security));
}
