import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplication, LogLevel } from '@nestjs/common';
import type { NcfConfig } from '@marquee/ncf';
import {
  installHttpMetrics,
  useStructuredLogs,
  type DestinationStream,
} from '@marquee/nest-common';
import type { TrainerConfig } from './config/trainer-config';
import type { TrainLocks } from './core/tokens';
import { TrainerModule } from './trainer.module';

export interface TrainerAppOptions {
  /** Merged over DEFAULT_NCF_CONFIG, e.g. a smaller model in tests. */
  ncfConfig?: Partial<NcfConfig>;
  /** Nest log levels instead of the structured (pino) logs, which are then silenced (tests). */
  logger?: LogLevel[] | false;
  /** Where the structured logs go instead of stdout (tests read them). */
  logDestination?: DestinationStream;
  /** Shorter train job locks, so that a test sees a killed trainer's job handed over in seconds. */
  trainLocks?: Partial<TrainLocks>;
}

/**
 * The trainer application, initialised (worker running, initial job enqueued if needed) but
 * not listening: call `app.listen(config.port)` for the health endpoints.
 */
export async function createTrainerApp(
  config: TrainerConfig,
  options: TrainerAppOptions = {},
): Promise<INestApplication> {
  const structuredLogs = options.logger === undefined;
  const app = await NestFactory.create(
    TrainerModule.forRoot(
      structuredLogs
        ? config
        : { ...config, logging: { ...config.logging, level: 'silent' as const } },
      {
        ncfOverrides: options.ncfConfig,
        logDestination: options.logDestination,
        trainLocks: options.trainLocks,
      },
    ),
    structuredLogs ? { bufferLogs: true } : { logger: options.logger },
  );
  if (structuredLogs) useStructuredLogs(app);
  installHttpMetrics(app);
  await app.init();
  return app;
}
