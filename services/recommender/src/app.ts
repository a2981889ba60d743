import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplication, LogLevel } from '@nestjs/common';
import { Transport, type MicroserviceOptions } from '@nestjs/microservices';
import { redisTransportOptions } from '@marquee/nest-common';
import type { RecommenderConfig } from './config/recommender-config';
import { RecommenderModule } from './recommender.module';

export interface RecommenderAppOptions {
  logger?: LogLevel[] | false;
}

/**
 * A recommender replica: HTTP health endpoints plus a Redis-transport listener for model
 * events. Returns it started: model loaded if one is active, worker and event listener
 * running, HTTP listening on `config.RECOMMENDER_PORT` (0 = a free port; see app.getUrl()).
 */
export async function createRecommenderApp(
  config: RecommenderConfig,
  options: RecommenderAppOptions = {},
): Promise<INestApplication> {
  const app = await NestFactory.create(RecommenderModule.forRoot(config), {
    logger: options.logger ?? ['log', 'warn', 'error'],
  });
  app.connectMicroservice<MicroserviceOptions>(
    {
      transport: Transport.REDIS,
      options: redisTransportOptions(config.REDIS_URL),
    },
    { inheritAppConfig: true },
  );
  await app.startAllMicroservices();
  await app.listen(config.RECOMMENDER_PORT);
  return app;
}
