import {
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { createDb, type Db } from '@marquee/db';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';

/** Nest injection token of the Prisma client (createDb from @marquee/db). */
export const DB = Symbol('DB');

@Injectable()
class DbLifecycle implements OnApplicationShutdown {
  private readonly logger = new Logger('Database');
  constructor(@Inject(DB) private readonly db: Db) {}

  async onApplicationShutdown(): Promise<void> {
    await this.db.$disconnect().catch((err: unknown) => {
      this.logger.warn(`Closing Postgres failed: ${String(err)}`);
    });
  }
}

@Global()
@Module({
  providers: [
    {
      provide: DB,
      inject: [GATEWAY_CONFIG],
      useFactory: (config: GatewayConfig): Db => createDb(config.databaseUrl),
    },
    DbLifecycle,
  ],
  exports: [DB],
})
export class DatabaseModule {}
