import autocannon from 'autocannon';
import type { VirtualUser } from './virtual-users';

export interface LoadResult {
  replicas: number;
  clients: number;
  /**
   * Requests per second the clients were paced to in total (they wait between requests, like
   * people reading a page), or null when each sent its next request as soon as one was answered.
   */
  pacedRate: number | null;
  seconds: number;
  /** Answered 200 per second. */
  recsPerSecond: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  ok: number;
  /** Non-2xx answers, by status. */
  statuses: Record<string, number>;
  /** Connection errors and timeouts. */
  errors: number;
  timeouts: number;
}

const PATH = '/api/recommendations?count=10';

/**
 * `clients` connections, each one virtual user (its own identity cookie), asking for
 * recommendations back to back for `seconds` (closed loop). Connection i always sends user i's
 * cookie. Paced load (users who pause) is runPacedLoad's.
 */
export async function runLoad(
  gatewayUrl: string,
  users: VirtualUser[],
  clients: number,
  seconds: number,
  replicas: number,
): Promise<LoadResult> {
  if (users.length < clients) throw new Error(`${clients} clients need ${clients} users`);
  // autocannon gives connection i the i-th URL (modulo): the `u` parameter tells a request
  // whose connection it is, and is removed before it is sent.
  const urls = Array.from({ length: clients }, (_, i) => `${gatewayUrl}${PATH}&u=${i}`);
  const result = await autocannon({
    // autocannon accepts several URLs (its types only say one): connection i uses urls[i].
    url: urls as unknown as string,
    connections: clients,
    duration: seconds,
    timeout: 10,
    requests: [
      {
        method: 'GET',
        setupRequest: (req) => {
          const match = /&u=(\d+)$/.exec(req.path ?? '');
          const user = users[Number(match?.[1] ?? 0)] as VirtualUser;
          return { ...req, path: PATH, headers: { ...req.headers, cookie: user.cookie } };
        },
      },
    ],
  });
  const statuses: Record<string, number> = {};
  for (const [key, value] of Object.entries(result.statusCodeStats ?? {})) {
    if (!key.startsWith('2')) statuses[key] = (value as { count: number }).count;
  }
  return {
    replicas,
    clients,
    pacedRate: null,
    seconds,
    recsPerSecond: result['2xx'] / result.duration,
    p50Ms: result.latency.p50,
    p90Ms: result.latency.p90,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    ok: result['2xx'],
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}
