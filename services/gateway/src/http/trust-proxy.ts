import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * What Express's `trust proxy` gets: false (the connection's address is the client), a number
 * of proxy hops in front of the gateway, or the proxies' addresses and subnets.
 */
export type TrustProxy = false | number | string[];

/** proxy-addr's names of address ranges (loopback, 169.254/16 and fe80::/10, private ranges). */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** An address, a CIDR subnet (10.0.0.0/8, fd00::/8) or one of NAMED_RANGES. */
function isProxyAddress(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * TRUST_PROXY: unset, empty, `false` or `0`: off (default). A whole number: that many proxies
 * in front of the gateway (the web's /api proxy is one). Otherwise a comma-separated list of
 * the proxies' addresses or subnets, or loopback / linklocal / uniquelocal. `true` (trust any
 * X-Forwarded-For) is refused: every client could then pick its own rate-limit address.
 */
export const trustProxy = z
  .string()
  .default('')
  .transform((raw, ctx): TrustProxy => {
    const value = raw.trim().toLowerCase();
    if (value === '' || value === 'false' || value === '0') return false;
    if (/^\d+$/.test(value)) {
      const hops = Number(value);
      if (hops <= 10) return hops;
      ctx.issues.push({ code: 'custom', input: raw, message: 'must be at most 10 proxy hops' });
      return z.NEVER;
    }
    if (value === 'true') {
      ctx.issues.push({
        code: 'custom',
        input: raw,
        message:
          'true would trust any X-Forwarded-For, letting a client choose its address: give the number of proxies or their subnets',
      });
      return z.NEVER;
    }
    const entries = value
      .split(',')
      .map((e) => e.trim())
      .filter((e) => e.length > 0);
    const bad = entries.filter((e) => !isProxyAddress(e));
    if (bad.length > 0 || entries.length === 0) {
      ctx.issues.push({
        code: 'custom',
        input: raw,
        message: `must be false, a hop count, or addresses/subnets (e.g. 10.0.0.0/8, uniquelocal); not ${bad.join(', ') || raw}`,
      });
      return z.NEVER;
    }
    return entries;
  });
