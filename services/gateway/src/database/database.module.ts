import { DatabaseModule as SharedDatabaseModule } from '@marquee/nest-common';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';

/** Nest injection token of the Prisma client (createDb from @marquee/db). */
export { DB } from '@marquee/nest-common';

/** The Prisma client (DB token) for every gateway module, disconnected on shutdown. */
export const DatabaseModule = SharedDatabaseModule.forRootAsync({
  inject: [GATEWAY_CONFIG],
  useFactory: (config: GatewayConfig) => ({ url: config.databaseUrl }),
});
