import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { ThrottlerModule } from '@nestjs/throttler';
import { REDIS } from '@marquee/nest-common';
import type { Redis } from 'ioredis';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { ClientThrottlerGuard } from './client-throttler.guard';
import { FailOpenThrottlerStorage } from './fail-open-throttler-storage';

/**
 * The one throttler. @nestjs/throttler suffixes its headers with any other name
 * (Retry-After-api), so it keeps the default one to send the standard Retry-After.
 */
export const API_THROTTLER = 'default';

/**
 * Per-client rate limit of the /api routes (RATE_LIMIT_MAX per RATE_LIMIT_WINDOW_MS), counted
 * in Redis (the gateway's own client, from QueueModule) so replicas share one budget.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [GATEWAY_CONFIG, REDIS],
      useFactory: (config: GatewayConfig, redis: Redis) => ({
        throttlers: [
          {
            name: API_THROTTLER,
            limit: config.security.rateLimit.max,
            ttl: config.security.rateLimit.windowMs,
          },
        ],
        storage: new FailOpenThrottlerStorage(new ThrottlerStorageRedisService(redis)),
      }),
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: ClientThrottlerGuard }],
})
export class RateLimitModule {}
