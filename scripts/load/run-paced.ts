import { Agent, request } from 'node:http';
import type { LoadResult } from './run-load';
import type { VirtualUser } from './virtual-users';
import { percentile } from '../lib/measures';

const PATH = '/api/recommendations?count=10';
const TIMEOUT_MS = 10_000;

/**
 * One GET on the user's own kept-alive connection; resolves with the status once the body is
 * read. node:http rather than fetch: the load generator shares the 2 cores with the services,
 * and fetch cost three times as much CPU per request (0.8 ms against autocannon's 0.25).
 */
function get(agent: Agent, url: URL, cookie: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers: { cookie } }, (res) => {
      res.on('data', () => undefined);
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    // The socket's idle timeout rather than AbortSignal.timeout, which allocates a signal and a
    // timer per request in a process that shares the 2 cores with the services.
    req.setTimeout(TIMEOUT_MS, () => req.destroy(new TimeoutError()));
    req.on('error', reject);
    req.end();
  });
}

class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
  constructor() {
    super(`no answer within ${TIMEOUT_MS} ms`);
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * `clients` virtual users who each ask for recommendations at random moments: a Poisson stream
 * of `rate / clients` requests per second per user, `rate` in total, for `seconds`. A user has
 * at most one request open; when their next moment comes before the last answer, they send on
 * that answer. Latency is counted from the moment the request was due (as wrk2 does), so a
 * slow answer also counts against the requests it held back (no coordinated omission). Each user
 * keeps one connection, opened by an untimed first request before the run starts.
 */
export async function runPacedLoad(
  gatewayUrl: string,
  users: VirtualUser[],
  clients: number,
  seconds: number,
  replicas: number,
  rate: number,
  seed = 1,
): Promise<LoadResult> {
  if (users.length < clients) throw new Error(`${clients} clients need ${clients} users`);
  const perClient = rate / clients;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let ok = 0;
  let errors = 0;
  let timeouts = 0;
  // Each user's connection is opened, and used once, before the clock starts: connecting 64
  // sockets at once is not what a steady stream of requests costs, and counted from when due
  // it made the first second of every run look like a stall (260 ms at p99, while the
  // gateway's own response times stayed under 100 ms).
  const url = new URL(PATH, gatewayUrl);
  const agents = users.slice(0, clients).map(() => new Agent({ keepAlive: true, maxSockets: 1 }));
  await Promise.all(
    agents.map((agent, i) => get(agent, url, (users[i] as VirtualUser).cookie).catch(() => 0)),
  );
  const started = performance.now();
  const end = started + seconds * 1000;
  // A small LCG per client: reproducible arrival times without sharing one stream.
  const nextGap = (state: { s: number }) => {
    state.s = (Math.imul(state.s, 1664525) + 1013904223) >>> 0;
    const u = (state.s + 1) / 4294967297;
    return (-Math.log(u) / perClient) * 1000;
  };

  async function client(index: number): Promise<void> {
    const user = users[index] as VirtualUser;
    const agent = agents[index] as Agent;
    const state = { s: (seed * 7919 + index * 104729) >>> 0 };
    let due = started + nextGap(state);
    while (due < end) {
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      try {
        const status = await get(agent, url, user.cookie);
        if (status >= 200 && status < 300) {
          ok++;
          latencies.push(performance.now() - due);
        } else {
          statuses[status] = (statuses[status] ?? 0) + 1;
        }
      } catch (error) {
        if (
          error instanceof Error &&
          (error.name === 'TimeoutError' || error.name === 'AbortError')
        ) {
          timeouts++;
        } else errors++;
      }
      due += nextGap(state);
    }
    agent.destroy();
  }

  await Promise.all(Array.from({ length: clients }, (_, i) => client(i)));
  const elapsed = Math.max(seconds, (performance.now() - started) / 1000);
  latencies.sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms);
  return {
    replicas,
    clients,
    pacedRate: rate,
    seconds,
    recsPerSecond: ok / elapsed,
    p50Ms: round(percentile(latencies, 50)),
    p90Ms: round(percentile(latencies, 90)),
    p99Ms: round(percentile(latencies, 99)),
    maxMs: round(latencies[latencies.length - 1] ?? NaN),
    ok,
    statuses,
    errors,
    timeouts,
  };
}
