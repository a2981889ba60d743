/**
 * Forwards the page's /api requests to the gateway. The target is read from the environment
 * on every request (not baked in at `next build`), so one build serves any gateway.
 */

export const DEFAULT_GATEWAY_URL = 'http://127.0.0.1:4000';
/** How long to wait for the gateway's response headers; a streamed body may run longer. */
export const DEFAULT_GATEWAY_TIMEOUT_MS = 30_000;

export interface GatewayProxyOptions {
  gatewayUrl: string;
  timeoutMs: number;
  /** Where failures are reported (the server log). */
  log?: (message: string) => void;
}

/** GATEWAY_URL and GATEWAY_TIMEOUT_MS as they are now; bad values fall back to the defaults. */
export function proxyOptionsFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
): GatewayProxyOptions {
  const timeout = Number(env.GATEWAY_TIMEOUT_MS);
  return {
    gatewayUrl: (env.GATEWAY_URL || DEFAULT_GATEWAY_URL).replace(/\/+$/, ''),
    timeoutMs: Number.isInteger(timeout) && timeout > 0 ? timeout : DEFAULT_GATEWAY_TIMEOUT_MS,
    log: (message) => console.error(`[api proxy] ${message}`),
  };
}

// Hop-by-hop headers (RFC 9110 section 7.6.1) and ones fetch() sets itself.
const REQUEST_HEADERS_DROPPED = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'host',
  'content-length',
  'accept-encoding',
]);
// fetch() has already decoded the body, so its encoding and length no longer apply.
const RESPONSE_HEADERS_DROPPED = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-encoding',
  'content-length',
  'set-cookie',
]);

const METHODS_WITHOUT_BODY = new Set(['GET', 'HEAD']);

/** The ApiError body the page's client understands, for failures of the proxy itself. */
function proxyError(status: 502 | 504, code: string, message: string): Response {
  const error = status === 502 ? 'Bad Gateway' : 'Gateway Timeout';
  return Response.json({ statusCode: status, error, code, message }, { status });
}

/**
 * Sends `request` (method, path under /api, query, headers with cookies, body) to the gateway
 * and returns its answer as it streams in, Set-Cookie headers included. When the gateway does
 * not answer: 502 GATEWAY_UNREACHABLE, or 504 GATEWAY_TIMEOUT after `timeoutMs`.
 */
export async function proxyToGateway(
  request: Request,
  options: GatewayProxyOptions,
): Promise<Response> {
  const incoming = new URL(request.url);
  const target = `${options.gatewayUrl}${incoming.pathname}${incoming.search}`;

  const headers = new Headers();
  request.headers.forEach((value, name) => {
    if (!REQUEST_HEADERS_DROPPED.has(name)) headers.append(name, value);
  });
  // X-Forwarded-For passes through as Next.js hands it over: the browser's address (Next sets
  // it from the connection when the request has none), or the chain a load balancer in front
  // wrote. The gateway reads the client from it only with TRUST_PROXY set.
  headers.set('x-forwarded-host', incoming.host);
  headers.set('x-forwarded-proto', incoming.protocol.replace(/:$/, ''));

  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), options.timeoutMs);
  // The browser going away (e.g. closing an event stream) ends the upstream request too.
  const signal = AbortSignal.any([timeout.signal, request.signal]);

  let upstream: Response;
  try {
    upstream = await fetch(target, {
      method: request.method,
      headers,
      body: METHODS_WITHOUT_BODY.has(request.method) ? undefined : await request.arrayBuffer(),
      redirect: 'manual',
      cache: 'no-store',
      signal,
    });
  } catch (cause) {
    const detail = cause instanceof Error ? (cause.cause ?? cause.message) : cause;
    if (timeout.signal.aborted) {
      options.log?.(`${request.method} ${target}: no answer within ${options.timeoutMs} ms`);
      return proxyError(
        504,
        'GATEWAY_TIMEOUT',
        'The server took too long to answer. Please try again.',
      );
    }
    options.log?.(`${request.method} ${target}: gateway unreachable (${String(detail)})`);
    return proxyError(
      502,
      'GATEWAY_UNREACHABLE',
      'The Marquee API is not reachable right now. Please try again in a moment.',
    );
  } finally {
    clearTimeout(timer);
  }

  const responseHeaders = new Headers();
  upstream.headers.forEach((value, name) => {
    if (!RESPONSE_HEADERS_DROPPED.has(name)) responseHeaders.append(name, value);
  });
  // Several cookies must stay several headers, not one comma-joined line.
  for (const cookie of upstream.headers.getSetCookie())
    responseHeaders.append('set-cookie', cookie);

  return new Response(upstream.body, {
    status: upstream.status,
    statusText: upstream.statusText,
    headers: responseHeaders,
  });
}
