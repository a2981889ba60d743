import type { MovieDetailsResponse } from '@marquee/contracts';
import { proxyOptionsFromEnv, type GatewayProxyOptions } from './gateway-proxy';

/** The ids a film page can have: what the gateway's movieId accepts, in plain decimal. */
const FILM_ID = /^[1-9]\d{0,9}$/;
const MAX_FILM_ID = 2_147_483_647;

/** The film id in a page's address, or null when it cannot be one. */
export function parseFilmId(text: string): number | null {
  if (!FILM_ID.test(text)) return null;
  const id = Number(text);
  return id <= MAX_FILM_ID ? id : null;
}

/**
 * A film's details from the gateway, for its page on the server (its title, and whether it
 * exists): null for an id that is not one or a film the gateway does not know (404); throws for
 * any other failure, which the page's error boundary shows. `cookie` is the visitor's, so the
 * answer carries their rating and list.
 */
export async function loadFilmDetails(
  idText: string,
  cookie: string | null,
  options: GatewayProxyOptions = proxyOptionsFromEnv(),
): Promise<MovieDetailsResponse | null> {
  const id = parseFilmId(idText);
  if (id === null) return null;
  const response = await fetch(`${options.gatewayUrl}/api/movies/${id}`, {
    headers: { accept: 'application/json', ...(cookie ? { cookie } : {}) },
    cache: 'no-store',
    signal: AbortSignal.timeout(options.timeoutMs),
  });
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`The gateway answered ${response.status} for film ${id}`);
  return (await response.json()) as MovieDetailsResponse;
}
