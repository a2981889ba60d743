import { z } from 'zod';
import { databaseUrl, loadConfig, logFormat, logLevel, port, redisUrl } from '@marquee/contracts';

const booleanFlag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'], { error: 'must be true, false, 1 or 0' })
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1');

export const trainerConfigSchema = z.object({
  DATABASE_URL: databaseUrl,
  REDIS_URL: redisUrl,
  BULL_PREFIX: z.string().min(1).default('bull'),
  /** Serves health checks only. */
  TRAINER_PORT: port(4002),
  /** Overrides the model's default epoch count (a job's own `epochs` still wins). */
  TRAIN_MAX_EPOCHS: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.coerce.number().int().min(1).max(500).optional(),
  ),
  /**
   * A new version is activated only if its valRmse <= the active version's valRmse + margin;
   * otherwise it stays READY.
   */
  ACTIVATION_MARGIN: z.coerce.number().finite().default(0.02),
  /**
   * ...and only if its held-out new users' nDCG@10 >= the active version's nDCG@10 - margin
   * (when both versions have that figure; otherwise the RMSE rule decides alone). nDCG is in
   * [0, 1]: 0 asks for no worse ranking, 1 turns this rule off.
   */
  ACTIVATION_NDCG_MARGIN: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.coerce
      .number({ error: 'must be a number' })
      .min(0, 'must be between 0 and 1')
      .max(1, 'must be between 0 and 1')
      .default(0.02),
  ),
  /**
   * Which model to train: 'best' (BEST_NCF_CONFIG: bias terms, GMF branch, ridge prior; see
   * docs/benchmarks.md) or 'faithful' (the seed's model, DEFAULT_NCF_CONFIG).
   */
  TRAIN_MODEL: z.enum(['best', 'faithful']).default('best'),
  /** Enqueue an initial train job at boot when no model is active. */
  TRAIN_ON_START: booleanFlag(true),
  LOG_LEVEL: logLevel,
  /** auto: the epoch lines as plain text on a terminal, JSON when logs go to a file or pipe. */
  LOG_FORMAT: logFormat,
});

export type TrainerConfig = z.infer<typeof trainerConfigSchema>;

export function loadTrainerConfig(env: NodeJS.ProcessEnv = process.env): TrainerConfig {
  return loadConfig(trainerConfigSchema, env);
}
