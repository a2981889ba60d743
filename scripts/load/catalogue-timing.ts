/**
 * `npm run bench:catalogue`: how the catalogue's routes answer one user at a time, through the
 * gateway, once a model is active: the sample of films to rate, title search, a film's page
 * (its facts, then the model's view of it), recommendations and the models list the admin
 * console reads. Prints median / p99 latency and answer size per route, and the gateway's
 * resident memory. Needs `npm run build:node`.
 *
 * Environment: MOVIELENS_DIR (imported into a fresh database) or CATALOGUE_REUSE_DATABASE=1 (the
 * database at CATALOGUE_DATABASE_URL as an earlier run left it, e.g. bench:rss's with
 * RSS_DATABASE_URL), CATALOGUE_DATABASE_URL (marquee_ops_catalogue), CATALOGUE_REQUESTS (200
 * per route), CATALOGUE_MODEL_TIMEOUT_MIN (10; 0: do not wait, and leave out the routes that
 * need a model when none is active), TRAIN_MAX_EPOCHS (the trainer's own; TRAIN_ON_START=false
 * keeps a database too large to train on here from training).
 */
import type { MovieSampleResponse, MovieSearchResponse } from '@marquee/contracts';
import { percentile, residentMb } from '../lib/measures';
import { ProcessGroup } from '../lib/process-group';

const env = process.env;
const REQUESTS = Number(env.CATALOGUE_REQUESTS ?? 200);
const REUSE_DATABASE = env.CATALOGUE_REUSE_DATABASE === '1';
const DATABASE_URL =
  env.CATALOGUE_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/marquee_ops_catalogue';
const MODEL_TIMEOUT_MS = Number(env.CATALOGUE_MODEL_TIMEOUT_MIN ?? 10) * 60_000;

interface RouteTiming {
  route: string;
  p50Ms: number;
  p99Ms: number;
  meanBytes: number;
}

/** Asks `pathOf(i)` REQUESTS times in turn; every answer must be 2xx. */
async function timeRoute(
  route: string,
  baseUrl: string,
  headers: Record<string, string>,
  pathOf: (i: number) => string,
): Promise<RouteTiming> {
  const latencies: number[] = [];
  let bytes = 0;
  for (let i = 0; i < REQUESTS; i++) {
    const started = performance.now();
    const res = await fetch(`${baseUrl}${pathOf(i)}`, { headers });
    const body = await res.arrayBuffer();
    latencies.push(performance.now() - started);
    if (!res.ok) throw new Error(`${pathOf(i)} answered ${res.status}`);
    bytes += body.byteLength;
  }
  latencies.sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 100) / 100;
  return {
    route,
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
    meanBytes: Math.round(bytes / REQUESTS),
  };
}

async function main(): Promise<void> {
  if (!REUSE_DATABASE && !env.MOVIELENS_DIR) {
    throw new Error('Set MOVIELENS_DIR to a MovieLens folder, or CATALOGUE_REUSE_DATABASE=1.');
  }
  const group = await ProcessGroup.start({
    label: 'catalogue',
    databaseUrl: DATABASE_URL,
    bullPrefix: 'ops-catalogue',
    gatewayPort: 4380,
    trainerPort: 4382,
    recommenderBasePort: 4390,
    replicas: 1,
    freshDatabase: !REUSE_DATABASE,
    data: REUSE_DATABASE ? { none: true } : { dir: env.MOVIELENS_DIR },
    // One client asking back to back: far above its rate, so the limiter never answers 429.
    serviceEnv: { gateway: { RATE_LIMIT_MAX: '1000000' } },
  });
  try {
    const version =
      MODEL_TIMEOUT_MS > 0
        ? await group.waitForActiveModel({ timeoutMs: MODEL_TIMEOUT_MS })
        : await group.activeVersion();
    const base = `${group.gatewayUrl}/api`;
    const first = await fetch(`${base}/movies/sample?count=20`);
    const cookie = (first.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const headers = { cookie, 'content-type': 'application/json' };
    const { movies } = (await first.json()) as MovieSampleResponse;
    for (const m of movies.slice(0, 10)) {
      const res = await fetch(`${base}/ratings/${m.id}`, {
        method: 'PUT',
        headers,
        body: '{"rating":4.5}',
      });
      if (!res.ok) throw new Error(`rating film ${m.id} answered ${res.status}`);
    }
    // Search terms a user would type: the first word of titles from the sample, cut to 3–6 letters.
    const words = movies
      .map((m) => /[\p{L}\p{N}]{3,}/u.exec(m.title)?.[0] ?? 'the')
      .map((w, i) => w.slice(0, 3 + (i % 4)));
    const found = (await (
      await fetch(`${base}/movies/search?q=${encodeURIComponent(words[0] ?? 'the')}`, { headers })
    ).json()) as MovieSearchResponse;
    const filmIds = [...movies.map((m) => m.id), ...found.movies.map((m) => m.id)];
    const film = (i: number) => filmIds[i % filmIds.length] ?? 1;

    const timings = [
      await timeRoute('GET /movies/sample?count=12', base, headers, () => '/movies/sample'),
      await timeRoute('GET /movies/search?q=…', base, headers, (i) => {
        return `/movies/search?q=${encodeURIComponent(words[i % words.length] ?? 'the')}`;
      }),
      await timeRoute('GET /movies/:id', base, headers, (i) => `/movies/${film(i)}`),
      await timeRoute('GET /models', base, headers, () => '/models'),
    ];
    if (version !== null) {
      timings.push(
        await timeRoute('GET /movies/:id/for-me', base, headers, (i) => {
          return `/movies/${film(i)}/for-me`;
        }),
        await timeRoute('GET /recommendations?count=10', base, headers, () => {
          return '/recommendations?count=10';
        }),
      );
    }
    const gatewayPid = group.get('gateway').child.pid ?? 0;
    const model = version === null ? 'no model active (its routes left out)' : `model v${version}`;
    console.log(`${model}; ${REQUESTS} requests a route, one at a time\n`);
    console.log('| route | p50 ms | p99 ms | bytes an answer |');
    console.log('| :-- | --: | --: | --: |');
    for (const t of timings) {
      console.log(`| ${t.route} | ${t.p50Ms} | ${t.p99Ms} | ${t.meanBytes.toLocaleString('en')} |`);
    }
    console.log(`\ngateway resident memory after them: ${residentMb(gatewayPid)} MB`);
  } finally {
    await group.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
