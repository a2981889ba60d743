import { z } from 'zod';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Validates a service's environment against its schema at boot. Fails listing every bad
 * variable at once, not the first one only.
 */
export function loadConfig<T extends z.ZodType>(
  schema: T,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<T> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`),
    );
  }
  return parsed.data;
}

export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/marquee';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export const databaseUrl = z.url().default(DEFAULT_DATABASE_URL);
export const redisUrl = z.url().default(DEFAULT_REDIS_URL);
export const port = (fallback: number) =>
  z.coerce.number().int().min(1).max(65535).default(fallback);

/** pino levels; `silent` turns logging off. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];
/** LOG_LEVEL of every service. */
export const logLevel = z.enum(LOG_LEVELS).default('info');

/** `auto`: human-readable lines on a terminal (TTY), one JSON object per line otherwise. */
export const LOG_FORMATS = ['auto', 'json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];
/** LOG_FORMAT of every service. */
export const logFormat = z.enum(LOG_FORMATS).default('auto');

/** ioredis-compatible connection options from a redis:// URL, for BullMQ and Nest's transport. */
export interface RedisOptions {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db: number;
}

export function redisOptionsFromUrl(url: string): RedisOptions {
  const u = new URL(url);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0;
  return {
    host: u.hostname || '127.0.0.1',
    port: u.port ? Number(u.port) : 6379,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    db: Number.isInteger(db) ? db : 0,
  };
}
