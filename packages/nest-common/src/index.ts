export { DB, REDIS } from './tokens';
export { TimeoutError, withTimeout } from './with-timeout';
export {
  RedisReconnectPolicy,
  closeQuietly,
  closeRedisClient,
  throttledErrorLogger,
} from './redis/redis-clients';
export {
  bullConnection,
  redisConnectionOptions,
  redisTransportOptions,
} from './redis/connection-options';
export {
  DatabaseModule,
  type DatabaseAsyncOptions,
  type DatabaseOptions,
} from './database/database.module';
export { CoreModule, type CoreModuleOptions } from './core/core.module';
export {
  postgresCheck,
  redisCheck,
  runReadinessChecks,
  type CheckOutcome,
  type ReadinessCheck,
} from './health/readiness-checks';
export {
  DEFAULT_CHECK_TIMEOUT_MS,
  HealthModule,
  type CheckResult,
  type HealthModuleOptions,
  type ReadinessReport,
  type ReadinessSetup,
} from './health/health.module';
export { QueueWorkerHost, type QueueWorkerSettings } from './queue/queue-worker.host';
export { MODEL_EVENTS_CLIENT, ModelEventsPublisher } from './events/model-events.publisher';
export { ModelEventsModule, type ModelEventsOptions } from './events/model-events.module';
