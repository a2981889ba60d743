import { z } from 'zod';
import { type TrustProxy, trustProxy } from './trust-proxy';

/** Where the page is served from: the only origins a browser may call the API from. */
export const DEFAULT_WEB_ORIGINS = 'http://localhost:3000,http://127.0.0.1:3000';

const origin = z.url().refine((value) => {
  const url = new URL(value);
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
}, 'must be an origin like https://marquee.example.com (scheme, host, optional port; no path)');

const int = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

/**
 * The gateway's security variables, spread into its env schema. WEB_ORIGIN is a comma-separated
 * list (usually one origin). RATE_LIMIT_MAX=0 turns rate limiting off.
 */
export const securityEnvShape = {
  WEB_ORIGIN: z
    .string()
    .default(DEFAULT_WEB_ORIGINS)
    .transform((v) =>
      v
        .split(',')
        .map((o) => o.trim().replace(/\/+$/, ''))
        .filter((o) => o.length > 0),
    )
    .pipe(z.array(origin).min(1, 'must name at least one origin')),
  /** Requests one client may make to /api per window; 0 disables the limit. */
  RATE_LIMIT_MAX: int(0, 1_000_000, 600),
  RATE_LIMIT_WINDOW_MS: int(1_000, 3_600_000, 60_000),
  /** Largest JSON request body accepted, in bytes (larger: 413). */
  BODY_LIMIT_BYTES: int(64, 1_048_576, 10_240),
  /** Which proxies' X-Forwarded-For to believe for the client address (req.ip); default none. */
  TRUST_PROXY: trustProxy,
};

type SecurityEnv = {
  [K in keyof typeof securityEnvShape]: z.output<(typeof securityEnvShape)[K]>;
};

export interface SecurityConfig {
  webOrigins: string[];
  rateLimit: { max: number; windowMs: number };
  bodyLimitBytes: number;
  /** Express's `trust proxy`: false, a hop count, or the proxies' addresses and subnets. */
  trustProxy: TrustProxy;
}

export function securityConfigFrom(env: SecurityEnv): SecurityConfig {
  return {
    webOrigins: env.WEB_ORIGIN,
    rateLimit: { max: env.RATE_LIMIT_MAX, windowMs: env.RATE_LIMIT_WINDOW_MS },
    bodyLimitBytes: env.BODY_LIMIT_BYTES,
    trustProxy: env.TRUST_PROXY,
  };
}
