import { Logger } from '@nestjs/common';
import { loadTrainerConfig } from './config/trainer-config';
import { createTrainerApp } from './app';

async function main(): Promise<void> {
  const config = loadTrainerConfig();
  const app = await createTrainerApp(config);
  app.enableShutdownHooks();
  await app.listen(config.port);
  Logger.log(`health endpoints on port ${config.port}`, 'Trainer');
}

main().catch((error: unknown) => {
  Logger.error(error instanceof Error ? error.message : String(error), undefined, 'Trainer');
  process.exit(1);
});
