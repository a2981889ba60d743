import { z } from 'zod';
import { hostname } from 'node:os';
import {
  DEFAULT_RECOMMEND_MIN_RATINGS,
  databaseUrl,
  loadConfig,
  logFormat,
  logLevel,
  redisUrl,
} from '@marquee/contracts';

export const recommenderConfigSchema = z
  .object({
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    BULL_PREFIX: z.string().min(1).default('bull'),
    RECOMMENDER_PORT: z.coerce.number().int().min(0).max(65535).default(4001),
    RECOMMEND_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(1),
    RECOMMEND_MIN_RATINGS: z.coerce
      .number()
      .int()
      .min(0)
      .max(100_000)
      .default(DEFAULT_RECOMMEND_MIN_RATINGS),
    MODEL_POLL_INTERVAL_MS: z.coerce.number().int().min(100).default(30_000),
    RECOMMEND_FOLD_IN: z.enum(['best', 'faithful']).default('best'),
    REPLICA_ID: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z
        .string()
        .regex(
          /^[\w.:-]{1,64}$/,
          'must be 1 to 64 letters, digits, dots, colons, dashes or underscores',
        )
        .default(() => `${hostname()}-${process.pid}`),
    ),
    LOG_LEVEL: logLevel,
    LOG_FORMAT: logFormat,
  })
  .transform((env) => ({
    databaseUrl: env.DATABASE_URL,
    redisUrl: env.REDIS_URL,
    bullPrefix: env.BULL_PREFIX,
    /** 0 picks a free port, so several replicas can run on one host. */
    port: env.RECOMMENDER_PORT,
    /** Recommend jobs one replica works on at once. */
    // Scoring is synchronous CPU work: a replica holding more than one job makes the others wait
    // behind it while another replica may be idle (docs/benchmarks.md, Load).
    concurrency: env.RECOMMEND_CONCURRENCY,
    /**
     * Movies fewer people rated are not recommended (see DEFAULT_RECOMMEND_MIN_RATINGS). 0: every
     * movie.
     */
    minRatings: env.RECOMMEND_MIN_RATINGS,
    /** How often a replica asks the registry for the active version (catches missed events). */
    modelPollIntervalMs: env.MODEL_POLL_INTERVAL_MS,
    /**
     * How a user is folded into the model: 'best' (MAP estimate of the user vector, the best
     * measured in docs/benchmarks.md) or 'faithful' (the faithful rating-weighted average).
     */
    foldIn: env.RECOMMEND_FOLD_IN,
    /** This replica's name in results, logs and metrics; host name and pid when unset. */
    replicaId: env.REPLICA_ID,
    /** pino level and line format (JSON, or pretty on a terminal). */
    logging: { level: env.LOG_LEVEL, format: env.LOG_FORMAT },
  }));

export type RecommenderConfig = z.output<typeof recommenderConfigSchema>;

/**
 * Reads and validates the recommender's environment; throws ConfigError listing every bad
 * variable.
 */
export function loadRecommenderConfig(env: NodeJS.ProcessEnv = process.env): RecommenderConfig {
  return loadConfig(recommenderConfigSchema, env);
}
