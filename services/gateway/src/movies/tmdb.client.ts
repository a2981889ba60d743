import { Inject, Injectable } from '@nestjs/common';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';

/** TMDB answered: the movie's poster path, or null when TMDB has no poster (or no such movie). */
export type TmdbPosterAnswer = { posterPath: string | null };

/** TMDB could not answer now (network, timeout, rate limit, bad key, server error). */
export class TmdbUnavailableError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'TmdbUnavailableError';
  }
}

// TMDB poster paths look like "/kqjL17yufvn9OVLyXYpvtyrFfak.jpg"; anything else is not used in
// a URL the browser loads.
const POSTER_PATH = /^\/[A-Za-z0-9_-]+\.(jpg|jpeg|png|webp)$/i;

/**
 * The one call the gateway makes to TMDB: GET /movie/{tmdbId}. A v4 read access token (a JWT)
 * goes in an Authorization header, a v3 API key in the api_key query parameter. The key never
 * leaves the server: the browser only gets image URLs.
 */
@Injectable()
export class TmdbClient {
  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {}

  get enabled(): boolean {
    return this.config.tmdb.apiKey !== null;
  }

  async posterPath(tmdbId: number): Promise<TmdbPosterAnswer> {
    const { apiKey, apiUrl, timeoutMs } = this.config.tmdb;
    if (apiKey === null) throw new TmdbUnavailableError('TMDB_API_KEY is not set');
    const url = new URL(`${apiUrl}/movie/${tmdbId}`);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (apiKey.includes('.')) headers.authorization = `Bearer ${apiKey}`;
    else url.searchParams.set('api_key', apiKey);

    let response: Response;
    try {
      response = await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      const timedOut = (err as { name?: unknown } | null)?.name === 'TimeoutError';
      throw new TmdbUnavailableError(
        timedOut ? `no answer within ${timeoutMs} ms` : `request failed: ${String(err)}`,
      );
    }
    if (response.status === 404) {
      await response.body?.cancel();
      return { posterPath: null };
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new TmdbUnavailableError(`HTTP ${response.status}`);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw new TmdbUnavailableError('the answer is not JSON');
    }
    const path = (body as { poster_path?: unknown } | null)?.poster_path;
    return { posterPath: typeof path === 'string' && POSTER_PATH.test(path) ? path : null };
  }
}
