/**
 * A small load generator for the lifecycle proofs: many virtual users, each with its own
 * identity cookie and its own ratings, asking the gateway for recommendations in a closed loop
 * (one request at a time per user, the next as soon as the last is answered). Every response is
 * recorded with when it was sent and answered, its status, and the model version and replica
 * that served it, so the proofs can check swaps and count failures. A request that gets no
 * answer within `hangMs` is aborted and counted as hung.
 */
import type { RatingBody, RecommendationSource, RecommendationsResponse } from '@marquee/contracts';
import { percentile } from '../../lib/measures';

export interface Sample {
  user: number;
  sentAt: number;
  doneAt: number;
  /** HTTP status; 0 when no response arrived (network error or hung). */
  status: number;
  hung: boolean;
  modelVersion: number | null;
  replica: string | null;
  /** Where a 200's list came from (RecommendationSource's kind); null otherwise. */
  source: RecommendationSource['kind'] | null;
  /** A 503 that says when to come back (Retry-After) and why (a JSON error with a code). */
  clear: boolean;
  error?: string;
}

/** A response the client can act on: 503 with Retry-After and a JSON error naming a code. */
export function isClearUnavailable(result: RequestResult): boolean {
  const body = result.json as { code?: unknown; message?: unknown } | null;
  return (
    result.status === 503 &&
    result.retryAfter !== null &&
    Number(result.retryAfter) > 0 &&
    typeof body?.code === 'string' &&
    typeof body.message === 'string'
  );
}

export interface RequestResult {
  status: number;
  json: unknown;
  hung: boolean;
  /** The Retry-After header, if any. */
  retryAfter: string | null;
  error?: string;
}

/** A rating the gateway acknowledged (200): it must be in Postgres afterwards. */
export interface AckedRating {
  anonId: string;
  movieId: number;
  rating: number;
}

export class VirtualUser {
  private cookie: string | null = null;
  /** The anonymous id in the (signed) identity cookie. */
  anonId: string | null = null;

  constructor(
    readonly index: number,
    private readonly baseUrl: string,
    private readonly hangMs: number,
  ) {}

  async request(method: string, path: string, body?: unknown): Promise<RequestResult> {
    const headers: Record<string, string> = {};
    if (this.cookie) headers.cookie = this.cookie;
    if (body !== undefined) headers['content-type'] = 'application/json';
    try {
      const response = await fetch(this.baseUrl + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.hangMs),
      });
      this.keepCookie(response.headers.getSetCookie());
      const text = await response.text();
      let json: unknown = null;
      try {
        json = text ? JSON.parse(text) : null;
      } catch {
        json = text;
      }
      return {
        status: response.status,
        json,
        hung: false,
        retryAfter: response.headers.get('retry-after'),
      };
    } catch (error) {
      const name = (error as Error).name;
      const hung = name === 'TimeoutError' || name === 'AbortError';
      return { status: 0, json: null, hung, retryAfter: null, error: (error as Error).message };
    }
  }

  private keepCookie(setCookies: string[]): void {
    for (const line of setCookies) {
      const pair = line.split(';')[0] ?? '';
      if (!pair.includes('=')) continue;
      this.cookie = pair;
      // A signed cookie-parser value: s:<uuid>.<signature>, URL-encoded.
      const value = decodeURIComponent(pair.slice(pair.indexOf('=') + 1));
      const match = /^s:([0-9a-f-]{36})\./.exec(value);
      if (match) this.anonId = match[1] ?? null;
    }
  }

  async rate(movieId: number, rating: number): Promise<boolean> {
    const body: RatingBody = { rating };
    const result = await this.request('PUT', `/api/ratings/${movieId}`, body);
    return result.status === 200;
  }

  async recommend(count = 10): Promise<Sample> {
    const sentAt = Date.now();
    const result = await this.request('GET', `/api/recommendations?count=${count}`);
    const body = result.status === 200 ? (result.json as RecommendationsResponse) : null;
    return {
      user: this.index,
      sentAt,
      doneAt: Date.now(),
      status: result.status,
      hung: result.hung,
      modelVersion: typeof body?.modelVersion === 'number' ? body.modelVersion : null,
      replica: typeof body?.replica === 'string' ? body.replica : null,
      source: body?.source?.kind ?? null,
      clear: isClearUnavailable(result),
      ...(result.error ? { error: result.error } : {}),
    };
  }
}

/**
 * Creates `count` users; each rates `ratingsEach` movies from `movieIds` (spread over the list).
 */
export async function createUsers(options: {
  baseUrl: string;
  count: number;
  ratingsEach: number;
  movieIds: number[];
  hangMs: number;
}): Promise<VirtualUser[]> {
  const users = Array.from(
    { length: options.count },
    (_, i) => new VirtualUser(i, options.baseUrl, options.hangMs),
  );
  await Promise.all(
    users.map(async (user) => {
      for (let k = 0; k < options.ratingsEach; k++) {
        const movieId = options.movieIds[(user.index * 7 + k * 13) % options.movieIds.length]!;
        const rating = 0.5 + ((user.index + k) % 10) / 2;
        if (!(await user.rate(movieId, rating))) {
          throw new Error(`user ${user.index} could not rate film ${movieId}`);
        }
      }
    }),
  );
  return users;
}

/** Movie ids the gateway offers (a few samples of its movie list). */
export async function sampleMovieIds(baseUrl: string, wanted: number): Promise<number[]> {
  const ids = new Set<number>();
  for (let i = 0; i < 20 && ids.size < wanted; i++) {
    const response = await fetch(`${baseUrl}/api/movies/sample?count=50`);
    if (!response.ok) throw new Error(`GET /api/movies/sample: HTTP ${response.status}`);
    const body = (await response.json()) as { movies: { id: number }[] };
    for (const m of body.movies) ids.add(m.id);
  }
  return [...ids].slice(0, wanted);
}

/** Runs every user in a closed loop until stop() is called; collects every sample. */
export class LoadRun {
  readonly samples: Sample[] = [];
  private running = true;
  private readonly loops: Promise<void>[];

  constructor(users: VirtualUser[], count = 10) {
    this.loops = users.map(async (user) => {
      while (this.running) this.samples.push(await user.recommend(count));
    });
  }

  /** Stops after each user's request in flight is answered (or hangs out). */
  async stop(): Promise<Sample[]> {
    this.running = false;
    await Promise.all(this.loops);
    return this.samples;
  }
}

export interface LoadSummary {
  requests: number;
  ok: number;
  non2xx: number;
  hung: number;
  networkErrors: number;
  byStatus: Record<string, number>;
  throughputPerSec: number;
  p50Ms: number;
  p99Ms: number;
}

export function summarize(samples: readonly Sample[], seconds?: number): LoadSummary {
  const byStatus: Record<string, number> = {};
  for (const s of samples) byStatus[String(s.status)] = (byStatus[String(s.status)] ?? 0) + 1;
  const latencies = samples
    .filter((s) => s.status >= 200 && s.status < 300)
    .map((s) => s.doneAt - s.sentAt)
    .sort((a, b) => a - b);
  const span =
    seconds ??
    (samples.length > 0
      ? (Math.max(...samples.map((s) => s.doneAt)) - Math.min(...samples.map((s) => s.sentAt))) /
        1000
      : 0);
  const ok = latencies.length;
  return {
    requests: samples.length,
    ok,
    non2xx: samples.filter((s) => s.status !== 0 && (s.status < 200 || s.status >= 300)).length,
    hung: samples.filter((s) => s.hung).length,
    networkErrors: samples.filter((s) => s.status === 0 && !s.hung).length,
    byStatus,
    throughputPerSec: span > 0 ? ok / span : 0,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  };
}

/**
 * Versions only move forward per replica: once a replica has answered with version v, no
 * request sent after that answer may get an older version from it. (Requests already running
 * keep the model they started with, so answers may still arrive out of order.)
 */
export function versionRegressions(samples: readonly Sample[]): string[] {
  const problems: string[] = [];
  const answered = samples
    .filter((s) => s.replica !== null && s.modelVersion !== null)
    .sort((a, b) => a.doneAt - b.doneAt);
  const byReplica = new Map<string, Sample[]>();
  for (const s of answered) {
    const list = byReplica.get(s.replica as string) ?? [];
    list.push(s);
    byReplica.set(s.replica as string, list);
  }
  for (const [replica, list] of byReplica) {
    // prefixMax[i]: the newest version among the first i answers (by answer time).
    const prefixMax = [0];
    for (const s of list) prefixMax.push(Math.max(prefixMax.at(-1)!, s.modelVersion as number));
    for (const s of list) {
      // Answers that arrived before s was sent: a binary search over the answer times.
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (list[mid]!.doneAt < s.sentAt) lo = mid + 1;
        else hi = mid;
      }
      const newest = prefixMax[lo]!;
      if ((s.modelVersion as number) < newest) {
        problems.push(
          `${replica}: request sent at ${s.sentAt} got version ${s.modelVersion} after answering ${newest}`,
        );
      }
    }
  }
  return problems;
}
