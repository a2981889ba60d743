import {
  Inject,
  Injectable,
  Logger,
  Module,
  type DynamicModule,
  type FactoryProvider,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { createDb, type Db } from '@marquee/db';
import { DB } from '../tokens';

export interface DatabaseOptions {
  url: string;
  /** Postgres pool size; createDb's default when left out. */
  poolSize?: number;
  /** createDb's connectTimeoutMs and queryTimeoutMs (unset: no limit). */
  connectTimeoutMs?: number;
  queryTimeoutMs?: number;
}

export interface DatabaseAsyncOptions {
  inject?: FactoryProvider['inject'];
  useFactory: FactoryProvider<DatabaseOptions>['useFactory'];
}

const DATABASE_OPTIONS = Symbol('DATABASE_OPTIONS');

/** Disconnects the Prisma client when the app shuts down (after every worker has stopped). */
@Injectable()
class DbCloser implements OnApplicationShutdown {
  private readonly logger = new Logger('Database');
  constructor(@Inject(DB) private readonly db: Db) {}

  async onApplicationShutdown(): Promise<void> {
    await this.db.$disconnect().catch((err: unknown) => {
      this.logger.warn(`Closing Postgres failed: ${String(err)}`);
    });
  }
}

/** The Prisma client under the DB token, for the whole app (global), closed on shutdown. */
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseOptions): DynamicModule {
    return DatabaseModule.forRootAsync({ useFactory: () => options });
  }

  /** Options computed from other providers, e.g. `inject: [GATEWAY_CONFIG]`. */
  static forRootAsync(options: DatabaseAsyncOptions): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      providers: [
        { provide: DATABASE_OPTIONS, inject: options.inject ?? [], useFactory: options.useFactory },
        {
          provide: DB,
          inject: [DATABASE_OPTIONS],
          useFactory: ({ url, ...limits }: DatabaseOptions): Db => {
            const logger = new Logger('Database');
            return createDb(url, {
              ...limits,
              onConnectionError: (error) =>
                logger.warn(`a Postgres connection broke: ${error.message}`),
            });
          },
        },
        DbCloser,
      ],
      exports: [DB],
    };
  }
}
