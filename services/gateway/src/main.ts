import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError } from '@marquee/contracts';
import { createGatewayApp } from './app.factory';
import { loadGatewayConfig } from './config/gateway-config';
import { logAbandonedQueryFailures } from './database/abandoned-queries';

async function bootstrap(): Promise<void> {
  logAbandonedQueryFailures();
  const config = loadGatewayConfig();
  const app = await createGatewayApp(config);
  await app.listen(config.port, '0.0.0.0');
  new Logger('Gateway').log(
    `Gateway listening on http://0.0.0.0:${config.port} (API under /api); ` +
      `metrics on http://${config.metrics.host}:${config.metrics.port}/metrics`,
  );
}

bootstrap().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    new Logger('Gateway').error(err.message);
  } else {
    new Logger('Gateway').error('Gateway failed to start', err instanceof Error ? err.stack : err);
  }
  process.exit(1);
});
