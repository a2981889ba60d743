/**
 * Test helpers (imported as @marquee/nest-common/testing by specs; never by production code,
 * which imports @marquee/nest-common).
 */
export { scrapeMetrics } from './metrics-scrape';
export { PrivateRedis } from './private-redis';
export { openTestQueue, type TestQueue } from './test-queue';
export { TcpProxy } from './tcp-proxy';
export { until } from './until';
