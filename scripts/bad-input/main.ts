/**
 * `npm run proof:bad-input`: fires at least 1,000 malformed, oversized, wrong-typed and
 * injection-shaped requests at every gateway route and checks that none is answered 5xx, that
 * every refusal is a clear JSON 4xx, and that nothing was written: every table's rows (count
 * and content) and every queue's jobs are the same before and after.
 *
 * Default: starts its own process group (ops ports: gateway 4300, trainer 4302, recommender 4311;
 * database marquee_ops; queue prefix ops) on synthetic data and waits for its first model.
 * Against a running gateway instead:
 *   npm run proof:bad-input -- --url http://127.0.0.1:4000 --database-url postgresql://... \
 *     --admin-token <ADMIN_TOKEN> [--bull-prefix bull] [--redis-url redis://...]
 * Exits 1 when any check fails. Prints progress on stderr and a JSON summary last on stdout.
 */
import { Queue } from 'bullmq';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { QUEUES, redisOptionsFromUrl } from '@marquee/contracts';
import { ProcessGroup } from '../lib/process-group';
import { buildCatalogue, type BadKind, type ProofAccounts } from './catalogue';
import { fireAll, type Verdict } from './fire';

const { values: args } = parseArgs({
  options: {
    url: { type: 'string' },
    'database-url': { type: 'string', default: 'postgresql://postgres@127.0.0.1:5432/marquee_ops' },
    'redis-url': { type: 'string', default: 'redis://127.0.0.1:6379' },
    'bull-prefix': { type: 'string', default: 'ops' },
    'admin-token': { type: 'string', default: 'bad-input-proof-admin-token-0123456789' },
    concurrency: { type: 'string', default: '8' },
  },
});

function log(message: string): void {
  process.stderr.write(`[bad-input] ${message}\n`);
}

/**
 * Tables the API can write, with a fingerprint of their content (any insert, update or delete
 * changes it).
 */
const TABLES: Record<string, string> = {
  users:
    "SELECT count(*)::int AS n, md5(coalesce(string_agg(id || ':' || kind || ':' || coalesce(anon_id::text, '') || ':' || coalesce(username, '') || ':' || coalesce(password_hash, ''), ',' ORDER BY id), '')) AS h FROM users",
  sessions:
    "SELECT count(*)::int AS n, md5(coalesce(string_agg(id || ':' || user_id || ':' || token_hash || ':' || expires_at, ',' ORDER BY id), '')) AS h FROM sessions",
  ratings:
    "SELECT count(*)::int AS n, md5(coalesce(string_agg(user_id || ':' || movie_id || ':' || rating || ':' || rated_at, ',' ORDER BY user_id, movie_id), '')) AS h FROM ratings",
  skips:
    "SELECT count(*)::int AS n, md5(coalesce(string_agg(user_id || ':' || movie_id, ',' ORDER BY user_id, movie_id), '')) AS h FROM skips",
  not_interested:
    "SELECT count(*)::int AS n, md5(coalesce(string_agg(user_id || ':' || movie_id || ':' || marked_at, ',' ORDER BY user_id, movie_id), '')) AS h FROM not_interested",
  watchlist:
    "SELECT count(*)::int AS n, md5(coalesce(string_agg(user_id || ':' || movie_id || ':' || added_at, ',' ORDER BY user_id, movie_id), '')) AS h FROM watchlist",
  model_versions:
    "SELECT count(*)::int AS n, md5(coalesce(string_agg(version || ':' || status || ':' || coalesce(activated_at::text, ''), ',' ORDER BY version), '')) AS h FROM model_versions",
  movies:
    "SELECT count(*)::int AS n, md5(coalesce(string_agg(id || ':' || title, ',' ORDER BY id), '')) AS h FROM movies",
};

type Snapshot = Record<string, { n: number; h: string }>;

async function snapshot(databaseUrl: string, redisUrl: string, prefix: string): Promise<Snapshot> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const result: Snapshot = {};
  try {
    for (const [table, sql] of Object.entries(TABLES)) {
      const row = (await client.query<{ n: number; h: string }>(sql)).rows[0]!;
      result[table] = row;
    }
  } finally {
    await client.end();
  }
  for (const name of [QUEUES.train, QUEUES.recommend]) {
    const queue = new Queue(name, { connection: redisOptionsFromUrl(redisUrl), prefix });
    try {
      const counts = await queue.getJobCounts();
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      result[`queue:${name}`] = { n: total, h: JSON.stringify(counts) };
    } finally {
      await queue.close();
    }
  }
  return result;
}

/**
 * A user with a rating, a skip, a movie marked "not interested" and one on the watchlist, whose
 * rows the bad requests must leave alone.
 */
async function seedUser(gatewayUrl: string, databaseUrl: string): Promise<string> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const ids = (await client.query<{ id: number }>('SELECT id FROM movies ORDER BY id LIMIT 4'))
    .rows;
  await client.end();
  if (ids.length < 4) throw new Error('the database has fewer than 4 films: import data first');
  const rated = await fetch(`${gatewayUrl}/api/ratings/${ids[0]!.id}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ rating: 3 }),
  });
  if (!rated.ok) throw new Error(`seeding a rating failed: HTTP ${rated.status}`);
  const cookie = rated.headers.getSetCookie().find((c) => c.startsWith('marquee_uid='));
  if (!cookie) throw new Error('the gateway set no identity cookie');
  const jar = cookie.split(';')[0]!;
  const skipped = await fetch(`${gatewayUrl}/api/skips`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: jar },
    body: JSON.stringify({ movieId: ids[1]!.id }),
  });
  if (!skipped.ok) throw new Error(`seeding a skip failed: HTTP ${skipped.status}`);
  for (const [list, id] of [
    ['not-interested', ids[2]!.id],
    ['watchlist', ids[3]!.id],
  ] as const) {
    const res = await fetch(`${gatewayUrl}/api/${list}/${id}`, {
      method: 'PUT',
      headers: { cookie: jar },
    });
    if (!res.ok) throw new Error(`seeding ${list} failed: HTTP ${res.status}`);
  }
  return jar;
}

/** Forgets the sign-in attempt counts of an earlier run (its accounts went with its database). */
async function clearSigninCounts(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis({ ...redisOptionsFromUrl(redisUrl), lazyConnect: true });
  try {
    await redis.connect();
    const keys = await redis.keys(`${prefix}:signin:*`);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

async function firstMovieId(databaseUrl: string): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const row = (await client.query<{ id: number }>('SELECT id FROM movies ORDER BY id LIMIT 1'))
      .rows[0];
    if (!row) throw new Error('the database has no films: import data first');
    return row.id;
  } finally {
    await client.end();
  }
}

async function accountCall(
  gatewayUrl: string,
  method: string,
  path: string,
  body: unknown,
  cookie?: string,
): Promise<string | null> {
  const res = await fetch(`${gatewayUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path} failed: HTTP ${res.status}`);
  const line = res.headers.getSetCookie().find((c) => c.startsWith('marquee_session='));
  return line ? line.split(';')[0]! : null;
}

/**
 * Two accounts with a rating each and live sessions, a signed-out session of the first, and a
 * session of a third account deleted since: the account routes are fired with all of them.
 */
async function seedAccounts(gatewayUrl: string, movieId: number): Promise<ProofAccounts> {
  const password = 'the proof password 0123';
  // The other accounts have another password: the first one's must not open them.
  const signUp = async (
    username: string,
    password = 'another proof password 4567',
  ): Promise<string> => {
    const res = await fetch(`${gatewayUrl}/api/ratings/${movieId}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rating: 4 }),
    });
    const anon = res.headers.getSetCookie().find((c) => c.startsWith('marquee_uid='));
    if (!res.ok || !anon)
      throw new Error(`seeding ${username}'s rating failed: HTTP ${res.status}`);
    const session = await accountCall(
      gatewayUrl,
      'POST',
      '/api/account/signup',
      { username, password },
      anon.split(';')[0],
    );
    if (!session) throw new Error(`signing up ${username} set no session cookie`);
    return session;
  };
  const session = await signUp('proof-account', password);
  const otherSession = await signUp('proof-other');
  const revokedSession = await accountCall(gatewayUrl, 'POST', '/api/account/signin', {
    username: 'proof-account',
    password,
  });
  await accountCall(gatewayUrl, 'POST', '/api/account/signout', {}, revokedSession!);
  const deletedAccountSession = await signUp('proof-deleted');
  await accountCall(
    gatewayUrl,
    'DELETE',
    '/api/account',
    { password: 'another proof password 4567' },
    deletedAccountSession,
  );
  return {
    username: 'proof-account',
    password,
    session,
    otherSession,
    revokedSession: revokedSession!,
    deletedAccountSession,
  };
}

function summarise(verdicts: Verdict[]) {
  const byStatus: Record<string, number> = {};
  const byKind: Record<string, number> = {};
  const byRoute: Record<string, number> = {};
  for (const v of verdicts) {
    const status = v.answer ? String(v.answer.status) : 'none';
    byStatus[status] = (byStatus[status] ?? 0) + 1;
    byKind[v.request.kind] = (byKind[v.request.kind] ?? 0) + 1;
    byRoute[v.request.route] = (byRoute[v.request.route] ?? 0) + 1;
  }
  return { byStatus, byKind: byKind as Record<BadKind, number>, byRoute };
}

async function main(): Promise<void> {
  const databaseUrl = args['database-url']!;
  const redisUrl = args['redis-url']!;
  const prefix = args['bull-prefix']!;
  const adminToken = args['admin-token']!;
  let group: ProcessGroup | null = null;
  let gatewayUrl = args.url;
  process.on('SIGINT', () => {
    void group?.stop(2_000).finally(() => process.exit(130));
  });
  try {
    if (!gatewayUrl) {
      log('starting a process group (synthetic data) on the ops ports');
      group = await ProcessGroup.start({
        label: 'bad-input',
        databaseUrl,
        redisUrl,
        bullPrefix: prefix,
        gatewayPort: 4300,
        trainerPort: 4302,
        recommenderBasePort: 4310,
        replicas: 1,
        data: { synthetic: { users: 60, movies: 200, ratingsPerUser: 25, seed: 6 } },
        freshDatabase: true,
        serviceEnv: {
          gateway: {
            ADMIN_TOKEN: adminToken,
            // The proof sends ~1,500 requests from one address: the limiter would refuse most
            // of them with 429 and hide what the routes do. Its own test covers the limiter.
            RATE_LIMIT_MAX: '1000000',
            // The same for the sign-in limit per client; the per-account one stays in force.
            SIGNIN_LIMIT_PER_CLIENT: '100000',
          },
          trainer: { TRAIN_MAX_EPOCHS: '3' },
        },
        onUnexpectedExit: (name, code, signal) =>
          log(`${name} exited unexpectedly (${code ?? signal}); see its log`),
      });
      gatewayUrl = group.gatewayUrl;
      await clearSigninCounts(redisUrl, prefix);
      log(`waiting for the first model (logs in ${group.logDir})`);
      await group.waitForActiveModel({ timeoutMs: 5 * 60_000 });
    }
    const userCookie = await seedUser(gatewayUrl, databaseUrl);
    const accounts = await seedAccounts(gatewayUrl, await firstMovieId(databaseUrl));
    const catalogue = buildCatalogue(adminToken, userCookie, accounts);
    const before = await snapshot(databaseUrl, redisUrl, prefix);
    log(`firing ${catalogue.length} bad requests at ${gatewayUrl}`);
    const started = Date.now();
    const verdicts = await fireAll(new URL(gatewayUrl), catalogue, {
      concurrency: Number(args.concurrency),
      timeoutMs: 15_000,
      onProgress: (done) => log(`${done}/${catalogue.length}`),
    });
    const seconds = (Date.now() - started) / 1000;
    const after = await snapshot(databaseUrl, redisUrl, prefix);

    const changed = Object.keys(before).filter(
      (k) => before[k]!.n !== after[k]!.n || before[k]!.h !== after[k]!.h,
    );
    const failures = verdicts.filter((v) => v.problem !== null);
    const fiveHundreds = verdicts.filter((v) => (v.answer?.status ?? 0) >= 500).length;
    for (const f of failures.slice(0, 40)) {
      const body = f.request.body
        ? ` body ${JSON.stringify(f.request.body.toString('utf8').slice(0, 80))}`
        : '';
      log(
        `FAIL ${f.request.method} ${f.request.path.slice(0, 120)}${body} [${f.request.kind}]: ${f.problem}`,
      );
    }
    for (const k of changed) {
      log(`WRITTEN ${k}: ${JSON.stringify(before[k])} -> ${JSON.stringify(after[k])}`);
    }
    const summary = {
      requests: verdicts.length,
      seconds: Number(seconds.toFixed(1)),
      fiveHundreds,
      failures: failures.length,
      rejected4xx: verdicts.filter((v) => (v.answer?.status ?? 0) >= 400 && v.answer!.status < 500)
        .length,
      acceptedWithoutWrite: verdicts.filter(
        (v) => v.problem === null && (v.answer?.status ?? 0) < 400,
      ).length,
      rows: Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v.n])),
      changed,
      ...summarise(verdicts),
    };
    log(
      `${summary.requests} requests in ${summary.seconds} s: ${fiveHundreds} 5xx, ` +
        `${failures.length} failed checks, tables/queues changed: ${changed.length ? changed.join(', ') : 'none'}`,
    );
    console.log(JSON.stringify(summary));
    process.exitCode = failures.length === 0 && changed.length === 0 ? 0 : 1;
  } finally {
    await group?.stop();
  }
}

main().catch((error: unknown) => {
  log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
