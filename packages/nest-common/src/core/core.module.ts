import {
  Inject,
  Injectable,
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
  type ValueProvider,
} from '@nestjs/common';
import { Redis } from 'ioredis';
import { ModelRegistry, type Db } from '@marquee/db';
import { DatabaseModule } from '../database/database.module';
import { redisConnectionOptions } from '../redis/connection-options';
import {
  closeRedisClient,
  RedisReconnectPolicy,
  throttledErrorLogger,
} from '../redis/redis-clients';
import { DB, REDIS } from '../tokens';

export interface CoreModuleOptions {
  databaseUrl: string;
  /** Postgres pool size of this service. */
  dbPoolSize: number;
  redisUrl: string;
  /** Values every module of the service may inject, e.g. its validated config. */
  values?: ValueProvider[];
}

const logger = new Logger('Connections');

/** Closes the shared Redis client last, after the workers have stopped. */
@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly reconnect: RedisReconnectPolicy,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    this.reconnect.stop();
    await closeRedisClient(logger, 'Redis', this.redis);
    logger.log('Redis connection closed');
  }
}

/**
 * What a queue-driven service (trainer, recommender) shares between its modules, globally:
 * Postgres (DB), an ioredis client (REDIS), the ModelRegistry and the given values.
 */
@Module({})
export class CoreModule {
  static forRoot(options: CoreModuleOptions): DynamicModule {
    const values = options.values ?? [];
    return {
      module: CoreModule,
      global: true,
      imports: [DatabaseModule.forRoot({ url: options.databaseUrl, poolSize: options.dbPoolSize })],
      providers: [
        ...values,
        RedisReconnectPolicy,
        {
          provide: REDIS,
          inject: [RedisReconnectPolicy],
          useFactory: (reconnect: RedisReconnectPolicy) => {
            const redis = new Redis({
              ...redisConnectionOptions(options.redisUrl, reconnect),
              maxRetriesPerRequest: 1,
            });
            redis.on('error', throttledErrorLogger(logger, 'Redis'));
            return redis;
          },
        },
        { provide: ModelRegistry, inject: [DB], useFactory: (db: Db) => new ModelRegistry(db) },
        RedisCloser,
      ],
      exports: [...values.map((v) => v.provide), DatabaseModule, REDIS, ModelRegistry],
    };
  }
}
