import { type INestApplication, Logger, type LoggerService, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import { installHttpMetrics, useStructuredLogs } from '@marquee/nest-common';
import type { Server } from 'node:http';
import { AppModule } from './app.module';
import type { GatewayConfig } from './config/gateway-config';
import { answerClientErrorsAsJson } from './http/client-error.handler';
import { applyHttpSecurity } from './http/http-security';
import { setupApiDocs } from './openapi/api-docs';
import { startDeadlineScope } from './deadlines/deadline-scope.middleware';

export interface GatewayAppOptions {
  /**
   * Nest logger or levels instead of the structured (pino) logs, which are then silenced;
   * false silences both (tests).
   */
  logger?: LoggerService | LogLevel[] | false;
}

/** Builds the gateway app (not listening yet): main.ts and the tests boot the same thing. */
export async function createGatewayApp(
  config: GatewayConfig,
  options: GatewayAppOptions = {},
): Promise<INestApplication> {
  const structuredLogs = options.logger === undefined;
  const moduleConfig = structuredLogs
    ? config
    : { ...config, logging: { ...config.logging, level: 'silent' as const } };
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(moduleConfig), {
    // JSON bodies are parsed by JsonBodyMiddleware (size limit, clear 400/413 errors).
    bodyParser: false,
    ...(structuredLogs ? { bufferLogs: true } : { logger: options.logger }),
  });
  if (structuredLogs) useStructuredLogs(app);
  installHttpMetrics(app);
  if (config.cookieSecretIsDefault) {
    new Logger('Gateway').warn(
      'COOKIE_SECRET is not set: using a development secret. Set COOKIE_SECRET in production.',
    );
  }
  // First, so that everything a request runs shares its deadline (DeadlineGuard sets it).
  app.use(startDeadlineScope);
  app.disable('x-powered-by');
  // Answers are per user and recommendations are shuffled: an ETag (a hash of every body) would
  // never save a transfer.
  app.set('etag', false);
  // req.ip (the rate limiter's key for clients without an identity) behind the web's proxy.
  app.set('trust proxy', config.security.trustProxy);
  applyHttpSecurity(app, config.security);
  answerClientErrorsAsJson(app.getHttpServer() as Server);
  app.use(cookieParser(config.cookieSecret));
  // GET /metrics is not here: MetricsModule serves it on METRICS_PORT only.
  app.setGlobalPrefix('api', { exclude: ['health/live', 'health/ready'] });
  // Swagger UI at /api/docs, the OpenAPI document at /api/docs-json.
  setupApiDocs(app);
  app.enableShutdownHooks();
  return app;
}
