import { z } from 'zod';
import { databaseUrl, loadConfig, logFormat, logLevel, port, redisUrl } from '@marquee/contracts';
import { securityConfigFrom, securityEnvShape } from '../http/security-config';
import { deadlineProblems, deadlinesEnvShape, deadlinesFrom } from './deadlines';

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
    /** GET /metrics is served here only, never on GATEWAY_PORT; 0 picks a free port (tests). */
    METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(4003),
    /** Where the metrics listener binds; keep METRICS_PORT unpublished (inside the network). */
    METRICS_HOST: z.string().trim().min(1).default('0.0.0.0'),
    COOKIE_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
    COOKIE_SECURE: booleanFlag,
    BULL_PREFIX: z.string().min(1).default('bull'),
    ...deadlinesEnvShape,
    /** How often the train event stream sends a comment line, so proxies keep it open. */
    ADMIN_EVENTS_HEARTBEAT_MS: z.coerce.number().int().min(100).max(300_000).default(15_000),
    /** Bearer token of the /api/admin routes; unset (or empty) disables them (503). */
    ADMIN_TOKEN: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z.string().min(16, 'must be at least 16 characters').optional(),
    ),
    /** TMDB API key (v3) or read access token (v4); unset: generated poster placeholders. */
    TMDB_API_KEY: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(1).optional()),
    TMDB_API_URL: z.url({ error: 'must be a URL' }).default('https://api.themoviedb.org/3'),
    TMDB_IMAGE_URL: z.url({ error: 'must be a URL' }).default('https://image.tmdb.org/t/p/w342'),
    TMDB_TIMEOUT_MS: z.coerce.number().int().min(50).max(30_000).default(2000),
    /** How long a movie list waits for poster lookups before it answers without them. */
    POSTER_WAIT_MS: z.coerce.number().int().min(0).max(10_000).default(400),
    ...securityEnvShape,
    /** How long a sign-in lasts (the session cookie and its row), in days. */
    SESSION_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
    /** Sign-in attempts per account, and per client address, in one SIGNIN_WINDOW_MS window. */
    SIGNIN_LIMIT_PER_ACCOUNT: z.coerce.number().int().min(1).max(1000).default(10),
    SIGNIN_LIMIT_PER_CLIENT: z.coerce.number().int().min(1).max(100_000).default(50),
    SIGNIN_WINDOW_MS: z.coerce.number().int().min(1000).max(86_400_000).default(900_000),
    LOG_LEVEL: logLevel,
    LOG_FORMAT: logFormat,
  })
  .check((ctx) => {
    const env = ctx.value as {
      NODE_ENV?: unknown;
      COOKIE_SECRET?: unknown;
      GATEWAY_PORT?: unknown;
      METRICS_PORT?: unknown;
      RECOMMEND_TIMEOUT_MS?: unknown;
      RECOMMEND_FALLBACK_MS?: unknown;
    };
    for (const { path, input, message } of deadlineProblems(env)) {
      ctx.issues.push({ code: 'custom', input, path: [path], message, continue: true });
    }
    if (env.METRICS_PORT !== 0 && env.METRICS_PORT === env.GATEWAY_PORT) {
      ctx.issues.push({
        code: 'custom',
        input: env.METRICS_PORT,
        path: ['METRICS_PORT'],
        message: 'must differ from GATEWAY_PORT (metrics stay off the public port)',
        continue: true,
      });
    }
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
    /** The metrics listener (GET /metrics), apart from the public port. */
    metrics: { port: env.METRICS_PORT, host: env.METRICS_HOST },
    cookieSecret: env.COOKIE_SECRET ?? DEV_COOKIE_SECRET,
    /** True when the dev default secret is in use (warned about at boot). */
    cookieSecretIsDefault: env.COOKIE_SECRET === undefined,
    cookieSecure: env.COOKIE_SECURE,
    bullPrefix: env.BULL_PREFIX,
    /** Each route's deadline (config/deadlines.ts). */
    deadlines: deadlinesFrom(env),
    adminEventsHeartbeatMs: env.ADMIN_EVENTS_HEARTBEAT_MS,
    /** null: the admin API is disabled. */
    adminToken: env.ADMIN_TOKEN ?? null,
    tmdb: {
      /** null: no lookups; every card gets a generated placeholder. */
      apiKey: env.TMDB_API_KEY ?? null,
      apiUrl: env.TMDB_API_URL.replace(/\/+$/, ''),
      imageUrl: env.TMDB_IMAGE_URL.replace(/\/+$/, ''),
      timeoutMs: env.TMDB_TIMEOUT_MS,
      waitMs: env.POSTER_WAIT_MS,
    },
    /** Sessions and the sign-in limits (accounts/). */
    accounts: {
      sessionTtlMs: env.SESSION_TTL_DAYS * 24 * 3600 * 1000,
      signinLimit: {
        perAccount: env.SIGNIN_LIMIT_PER_ACCOUNT,
        perClient: env.SIGNIN_LIMIT_PER_CLIENT,
        windowMs: env.SIGNIN_WINDOW_MS,
      },
    },
    /** CORS origins, rate limit, body size limit. */
    security: securityConfigFrom(env),
    /** pino level and line format (JSON, or pretty on a terminal). */
    logging: { level: env.LOG_LEVEL, format: env.LOG_FORMAT },
  }));

export type GatewayConfig = z.output<typeof gatewayEnvSchema>;

/** Reads and validates the gateway's environment; throws ConfigError listing every bad variable. */
export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  return loadConfig(gatewayEnvSchema, env);
}

/** Nest injection token of the validated GatewayConfig. */
export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
