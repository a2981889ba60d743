import {
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Redis } from 'ioredis';
import { redisOptionsFromUrl } from '@marquee/contracts';
import { createDb, ModelRegistry, type Db } from '@marquee/db';
import type { NcfConfig } from '@marquee/ncf';
import type { TrainerConfig } from '../config/trainer-config';
import { DB, NCF_OVERRIDES, REDIS, TRAINER_CONFIG } from './tokens';

/** Closes the shared Postgres and Redis connections last, after the worker has stopped. */
@Injectable()
class ConnectionsCloser implements OnApplicationShutdown {
  private readonly logger = new Logger('Connections');

  constructor(
    @Inject(DB) private readonly db: Db,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([
      this.db.$disconnect(),
      this.redis.quit().catch(() => this.redis.disconnect()),
    ]);
    this.logger.log('Postgres and Redis connections closed');
  }
}

/** Config, Postgres, Redis and the model registry, shared by every trainer module. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: TrainerConfig, ncfOverrides: Partial<NcfConfig> = {}): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: TRAINER_CONFIG, useValue: config },
        { provide: NCF_OVERRIDES, useValue: ncfOverrides },
        { provide: DB, useFactory: () => createDb(config.DATABASE_URL, { poolSize: 4 }) },
        {
          provide: REDIS,
          useFactory: () =>
            new Redis({ ...redisOptionsFromUrl(config.REDIS_URL), maxRetriesPerRequest: 1 }),
        },
        { provide: ModelRegistry, useFactory: (db: Db) => new ModelRegistry(db), inject: [DB] },
        ConnectionsCloser,
      ],
      exports: [TRAINER_CONFIG, NCF_OVERRIDES, DB, REDIS, ModelRegistry],
    };
  }
}
