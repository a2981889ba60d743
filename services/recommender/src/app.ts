import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplication, LogLevel } from '@nestjs/common';
import type { DestinationStream } from '@marquee/nest-common';
import { Transport, type MicroserviceOptions } from '@nestjs/microservices';
import { installHttpMetrics, redisTransportOptions, useStructuredLogs } from '@marquee/nest-common';
import type { RecommenderConfig } from './config/recommender-config';
import { RecommenderModule } from './recommender.module';

export interface RecommenderAppOptions {
  /** Nest log levels instead of the structured (pino) logs, which are then silenced (tests). */
  logger?: LogLevel[] | false;
  /** Where the structured logs go instead of stdout (tests read them). */
  logDestination?: DestinationStream;
}

/**
 * A recommender replica: HTTP health endpoints plus a Redis-transport listener for model
 * events. Returns it started: model loaded if one is active, worker and event listener
 * running, HTTP listening on `config.port` (0 = a free port; see app.getUrl()).
 */
export async function createRecommenderApp(
  config: RecommenderConfig,
  options: RecommenderAppOptions = {},
): Promise<INestApplication> {
  const structuredLogs = options.logger === undefined;
  const app = await NestFactory.create(
    RecommenderModule.forRoot(
      structuredLogs
        ? config
        : { ...config, logging: { ...config.logging, level: 'silent' as const } },
      options.logDestination,
    ),
    structuredLogs ? { bufferLogs: true } : { logger: options.logger },
  );
  if (structuredLogs) useStructuredLogs(app);
  installHttpMetrics(app);
  app.connectMicroservice<MicroserviceOptions>(
    {
      transport: Transport.REDIS,
      options: redisTransportOptions(config.redisUrl),
    },
    { inheritAppConfig: true },
  );
  await app.startAllMicroservices();
  await app.listen(config.port);
  return app;
}
