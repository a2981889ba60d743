import { z } from 'zod';
import { databaseUrl, loadConfig, redisUrl } from '@marquee/contracts';

export const recommenderConfigSchema = z.object({
  DATABASE_URL: databaseUrl,
  REDIS_URL: redisUrl,
  BULL_PREFIX: z.string().min(1).default('bull'),
  /** 0 picks a free port, so several replicas can run on one host. */
  RECOMMENDER_PORT: z.coerce.number().int().min(0).max(65535).default(4001),
  /** Recommend jobs one replica works on at once. */
  RECOMMEND_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(4),
  /** How often a replica asks the registry for the active version (catches missed events). */
  MODEL_POLL_INTERVAL_MS: z.coerce.number().int().min(100).default(30_000),
});

export type RecommenderConfig = z.infer<typeof recommenderConfigSchema>;

export function loadRecommenderConfig(env: NodeJS.ProcessEnv = process.env): RecommenderConfig {
  return loadConfig(recommenderConfigSchema, env);
}
