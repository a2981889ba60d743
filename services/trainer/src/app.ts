import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplication, LogLevel } from '@nestjs/common';
import type { NcfConfig } from '@marquee/ncf';
import type { TrainerConfig } from './config/trainer-config';
import { TrainerModule } from './trainer.module';

export interface TrainerAppOptions {
  /** Merged over DEFAULT_NCF_CONFIG, e.g. a smaller model in tests. */
  ncfConfig?: Partial<NcfConfig>;
  logger?: LogLevel[] | false;
}

/**
 * The trainer application, initialised (worker running, initial job enqueued if needed) but
 * not listening: call `app.listen(config.TRAINER_PORT)` for the health endpoints.
 */
export async function createTrainerApp(
  config: TrainerConfig,
  options: TrainerAppOptions = {},
): Promise<INestApplication> {
  const app = await NestFactory.create(TrainerModule.forRoot(config, options.ncfConfig), {
    logger: options.logger ?? ['log', 'warn', 'error'],
  });
  await app.init();
  return app;
}
