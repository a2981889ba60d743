import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplication, LogLevel } from '@nestjs/common';
import { Transport, type MicroserviceOptions } from '@nestjs/microservices';
import { redisOptionsFromUrl } from '@marquee/contracts';
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
      options: {
        ...redisOptionsFromUrl(config.REDIS_URL),
        // Without retryAttempts Nest's Redis server never reconnects after a drop.
        retryAttempts: Number.MAX_SAFE_INTEGER,
        retryDelay: 1_000,
      },
    },
    { inheritAppConfig: true },
  );
  await app.startAllMicroservices();
  await app.listen(config.RECOMMENDER_PORT);
  return app;
}
