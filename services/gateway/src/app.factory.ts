import { type INestApplication, Logger, type LoggerService, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import { AppModule } from './app.module';
import type { GatewayConfig } from './config/gateway-config';

export interface GatewayAppOptions {
  /** Nest logger or levels; false silences it (tests). */
  logger?: LoggerService | LogLevel[] | false;
}

/** Builds the gateway app (not listening yet): main.ts and the tests boot the same thing. */
export async function createGatewayApp(
  config: GatewayConfig,
  options: GatewayAppOptions = {},
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    // JSON bodies are parsed by JsonBodyMiddleware (size limit, clear 400/413 errors).
    bodyParser: false,
    ...(options.logger !== undefined ? { logger: options.logger } : {}),
  });
  if (config.cookieSecretIsDefault) {
    new Logger('Gateway').warn(
      'COOKIE_SECRET is not set: using a development secret. Set COOKIE_SECRET in production.',
    );
  }
  app.disable('x-powered-by');
  app.use(cookieParser(config.cookieSecret));
  app.setGlobalPrefix('api', { exclude: ['health/live', 'health/ready'] });
  app.enableShutdownHooks();
  return app;
}
