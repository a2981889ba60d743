import { z } from 'zod';
import { databaseUrl, loadConfig, logFormat, logLevel, port, redisUrl } from '@marquee/contracts';

const booleanFlag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'], { error: 'must be true, false, 1 or 0' })
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1');

export const trainerConfigSchema = z
  .object({
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    BULL_PREFIX: z.string().min(1).default('bull'),
    TRAINER_PORT: port(4002),
    TRAIN_MAX_EPOCHS: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z.coerce.number().int().min(1).max(500).optional(),
    ),
    ACTIVATION_MARGIN: z.coerce.number().finite().default(0.02),
    ACTIVATION_NDCG_MARGIN: z.preprocess(
      (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
      z.coerce
        .number({ error: 'must be a number' })
        .min(0, 'must be between 0 and 1')
        .max(1, 'must be between 0 and 1')
        .default(0.02),
    ),
    TRAIN_MODEL: z.enum(['best', 'faithful']).default('best'),
    TRAIN_ON_START: booleanFlag(true),
    LOG_LEVEL: logLevel,
    LOG_FORMAT: logFormat,
  })
  .transform((env) => ({
    databaseUrl: env.DATABASE_URL,
    redisUrl: env.REDIS_URL,
    bullPrefix: env.BULL_PREFIX,
    /** Serves health checks only. */
    port: env.TRAINER_PORT,
    /**
     * Overrides the model's default epoch count (a job's own `epochs` still wins); null: the
     * model's default.
     */
    maxEpochs: env.TRAIN_MAX_EPOCHS ?? null,
    /** How much worse than the active version a new one may be and still replace it. */
    activationMargins: {
      /**
       * A new version is activated only if its valRmse <= the active version's valRmse + margin;
       * otherwise it stays READY.
       */
      rmse: env.ACTIVATION_MARGIN,
      /**
       * ...and only if its held-out new users' nDCG@10 >= the active version's nDCG@10 - margin
       * (when both versions have that figure; otherwise the RMSE rule decides alone). nDCG is in
       * [0, 1]: 0 asks for no worse ranking, 1 turns this rule off.
       */
      ndcg: env.ACTIVATION_NDCG_MARGIN,
    },
    /**
     * Which model to train: 'best' (BEST_NCF_CONFIG: bias terms, GMF branch, ridge prior; see
     * docs/benchmarks.md) or 'faithful' (the faithful model, DEFAULT_NCF_CONFIG).
     */
    model: env.TRAIN_MODEL,
    /** Enqueue an initial train job at boot when no model is active. */
    trainOnStart: env.TRAIN_ON_START,
    logging: {
      level: env.LOG_LEVEL,
      /** auto: the epoch lines as plain text on a terminal, JSON when logs go to a file or pipe. */
      format: env.LOG_FORMAT,
    },
  }));

export type TrainerConfig = z.output<typeof trainerConfigSchema>;

/** Reads and validates the trainer's environment; throws ConfigError listing every bad variable. */
export function loadTrainerConfig(env: NodeJS.ProcessEnv = process.env): TrainerConfig {
  return loadConfig(trainerConfigSchema, env);
}
