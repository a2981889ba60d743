import { z } from 'zod';
import { RECOMMEND_DEADLINE_MS, databaseUrl, loadConfig, port, redisUrl } from '@marquee/contracts';

/** Used when COOKIE_SECRET is not set outside production; signed cookies are then forgeable. */
export const DEV_COOKIE_SECRET = 'marquee-dev-cookie-secret-not-for-production';

const booleanFlag = z
  .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
  .default('false')
  .transform((v) => v === 'true' || v === '1');

export const gatewayEnvSchema = z
  .object({
    NODE_ENV: z.string().default('development'),
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    GATEWAY_PORT: port(4000),
    COOKIE_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
    COOKIE_SECURE: booleanFlag,
    BULL_PREFIX: z.string().min(1).default('bull'),
    RECOMMEND_TIMEOUT_MS: z.coerce
      .number()
      .int()
      .min(50)
      .max(120_000)
      .default(RECOMMEND_DEADLINE_MS),
    /** Bearer token of the /api/admin routes; unset (or empty) disables them (503). */
    ADMIN_TOKEN: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z.string().min(16, 'must be at least 16 characters').optional(),
    ),
  })
  .check((ctx) => {
    const env = ctx.value as { NODE_ENV?: unknown; COOKIE_SECRET?: unknown };
    if (env.NODE_ENV === 'production' && env.COOKIE_SECRET === undefined) {
      ctx.issues.push({
        code: 'custom',
        input: env.COOKIE_SECRET,
        path: ['COOKIE_SECRET'],
        message: 'is required when NODE_ENV=production',
        // Reported together with every other bad variable, not only once the rest parse.
        continue: true,
      });
    }
  })
  .transform((env) => ({
    nodeEnv: env.NODE_ENV,
    databaseUrl: env.DATABASE_URL,
    redisUrl: env.REDIS_URL,
    port: env.GATEWAY_PORT,
    cookieSecret: env.COOKIE_SECRET ?? DEV_COOKIE_SECRET,
    /** True when the dev default secret is in use (warned about at boot). */
    cookieSecretIsDefault: env.COOKIE_SECRET === undefined,
    cookieSecure: env.COOKIE_SECURE,
    bullPrefix: env.BULL_PREFIX,
    recommendTimeoutMs: env.RECOMMEND_TIMEOUT_MS,
    /** null: the admin API is disabled. */
    adminToken: env.ADMIN_TOKEN ?? null,
  }));

export type GatewayConfig = z.output<typeof gatewayEnvSchema>;

/** Reads and validates the gateway's environment; throws ConfigError listing every bad variable. */
export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  return loadConfig(gatewayEnvSchema, env);
}

/** Nest injection token of the validated GatewayConfig. */
export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
