import { Logger } from '@nestjs/common';
import { loadRecommenderConfig } from './config/recommender-config';
import { createRecommenderApp } from './app';

async function main(): Promise<void> {
  const config = loadRecommenderConfig();
  const app = await createRecommenderApp(config);
  app.enableShutdownHooks();
  Logger.log(`health endpoints on ${await app.getUrl()}`, 'Recommender');
}

main().catch((error: unknown) => {
  Logger.error(error instanceof Error ? error.message : String(error), undefined, 'Recommender');
  process.exit(1);
});
