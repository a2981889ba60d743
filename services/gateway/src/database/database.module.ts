import { Global, Module } from '@nestjs/common';
import { DatabaseModule as SharedDatabaseModule } from '@marquee/nest-common';
import { DB_CONNECT_TIMEOUT_MS } from '../config/deadlines';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { DbRetry } from './db-retry';

/** Nest injection token of the Prisma client (createDb from @marquee/db). */
export { DB } from '@marquee/nest-common';

/**
 * The Prisma client (DB token) for every gateway module, disconnected on shutdown, and DbRetry.
 * No query waits for its answer, nor a caller for a connection, longer than the longest route
 * deadline: a Postgres that stops answering holds no request for good. An attempt to open a
 * connection is given up only after DB_CONNECT_TIMEOUT_MS, so that a stopped Postgres finds the
 * pool's attempts, and no abandoned ones, waiting when it runs again.
 */
@Global()
@Module({
  imports: [
    SharedDatabaseModule.forRootAsync({
      inject: [GATEWAY_CONFIG],
      useFactory: (config: GatewayConfig) => ({
        url: config.databaseUrl,
        connectTimeoutMs: DB_CONNECT_TIMEOUT_MS,
        queryTimeoutMs: config.deadlines.commandTimeoutMs,
      }),
    }),
  ],
  providers: [DbRetry],
  exports: [DbRetry],
})
export class DatabaseModule {}
