export { DB, REDIS } from './tokens';
export { TimeoutError, withTimeout } from './with-timeout';
export {
  RedisReconnectPolicy,
  closeBullClients,
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
export {
  REQUEST_ID_HEADER,
  acceptOrCreateRequestId,
  assignRequestId,
  requestIdOf,
} from './observability/request-id';
export {
  REDACTED_PATHS,
  isPretty,
  loggingModule,
  loggingParams,
  pinoOptions,
  type LoggingOptions,
} from './observability/logging';
export type { DestinationStream } from 'pino';
export { PinoLogger, runWithLogBindings, useStructuredLogs } from './observability/structured-logs';
export {
  HttpMetrics,
  LATENCY_BUCKETS,
  METRICS_REGISTRY,
  METRIC_PREFIX,
  MetricsModule,
  installHttpMetrics,
  type MetricsOptions,
} from './observability/metrics.module';
export { MetricsListener, type MetricsListenerOptions } from './observability/metrics-listener';
export {
  parsePrometheusText,
  sumSamples,
  type PrometheusSample,
  type PrometheusScrape,
} from './observability/prometheus-text';
