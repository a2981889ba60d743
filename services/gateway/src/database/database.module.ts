import { Global, Module } from '@nestjs/common';
import { DatabaseModule as SharedDatabaseModule } from '@marquee/nest-common';
import { DB_CONNECT_TIMEOUT_MS } from '../config/deadlines';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { DbRetry } from './db-retry';

/** Nest injection token of the Prisma client (createDb from @marquee/db). */
export { DB } from '@marquee/nest-common';

/**
 * The Prisma client (DB token) for every gateway module, disconnected on shutdown, and DbRetry.
 * Opening a connection takes at most DB_CONNECT_TIMEOUT_MS, and no query waits for its answer
 * (or for a free connection) longer than the longest route deadline: a Postgres that stops
 * answering holds no connection for good.
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
