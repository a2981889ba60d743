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
import type { RecommenderConfig } from '../config/recommender-config';
import { DB, RECOMMENDER_CONFIG, REDIS } from './tokens';

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

/**
 * Config, Redis and the model registry. Postgres is used by the registry only (model loading),
 * never on the request path.
 */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: RecommenderConfig): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: RECOMMENDER_CONFIG, useValue: config },
        { provide: DB, useFactory: () => createDb(config.DATABASE_URL, { poolSize: 2 }) },
        {
          provide: REDIS,
          useFactory: () =>
            new Redis({ ...redisOptionsFromUrl(config.REDIS_URL), maxRetriesPerRequest: 1 }),
        },
        { provide: ModelRegistry, useFactory: (db: Db) => new ModelRegistry(db), inject: [DB] },
        ConnectionsCloser,
      ],
      exports: [RECOMMENDER_CONFIG, DB, REDIS, ModelRegistry],
    };
  }
}
