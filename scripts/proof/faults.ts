/**
 * Proof 3, faults under load. With recommendation traffic and users rating films throughout:
 * SIGKILL a replica, SIGTERM every replica one by one (each restarted), restart Redis, restart
 * Postgres, publish a corrupt model. Per fault: requests failed, requests hung (must be 0), time
 * until the last failure, and ratings lost (must be 0: every rating the gateway acknowledged is
 * in Postgres afterwards). Redis and Postgres are private servers (6390, 5440) this script
 * starts and restarts; the shared ones are never touched.
 *
 *   npm run build:node && MOVIELENS_DIR=/path/to/ml-latest-small npm run proof:faults
 */
import { createHash, randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { sleep, type Stack } from '../lib/stack';
import { createUsers, LoadRun, sampleMovieIds, VirtualUser, type AckedRating } from './lib/load';
import { PrivateRedis } from '../../packages/nest-common/src/testing/private-redis';
import { PrivatePostgres } from './lib/private-services';
import {
  ADMIN_TOKEN,
  dataLabel,
  printTable,
  startProofStack,
  writeResults,
} from './lib/proof-stack';

const USERS = Number(process.env.PROOF_USERS ?? 24);
const RATERS = 8;
const HANG_MS = 10_000;
const REPLICAS = 3;
const DATABASE = 'marquee_proof';
const REDIS_PORT = 6390;

interface Event {
  at: number;
  doneAt: number;
  ok: boolean;
  hung: boolean;
  kind: 'recommend' | 'rate';
}

const log = (m: string) => process.stderr.write(`[proof:faults] ${m}\n`);

/** Users rating films one after another; remembers every rating the gateway acknowledged. */
class Raters {
  readonly acked: AckedRating[] = [];
  readonly events: Event[] = [];
  private running = true;
  private readonly loops: Promise<void>[];

  constructor(raters: VirtualUser[], movieIds: number[]) {
    this.loops = raters.map(async (rater) => {
      // Each rater rates each film at most once, so an acknowledged rating is never overwritten.
      for (let k = 0; this.running && k < movieIds.length; k++) {
        const movieId = movieIds[k]!;
        const rating = 0.5 + ((rater.index + k) % 10) / 2;
        const at = Date.now();
        const result = await rater.request('PUT', `/api/ratings/${movieId}`, { rating });
        const ok = result.status === 200;
        this.events.push({ at, doneAt: Date.now(), ok, hung: result.hung, kind: 'rate' });
        if (ok && rater.anonId) this.acked.push({ anonId: rater.anonId, movieId, rating });
        await sleep(250);
      }
    });
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }
}

interface Fault {
  name: string;
  /** Injects the fault and brings the system back; resolves once it has done both. */
  run(): Promise<void>;
}

async function main(): Promise<void> {
  const redis = await PrivateRedis.start(REDIS_PORT);
  const postgres = new PrivatePostgres();
  await postgres.start();
  let stack: Stack | null = null;
  try {
    stack = await startProofStack({
      label: 'proof-faults',
      replicas: REPLICAS,
      epochs: 3,
      databaseUrl: postgres.url(DATABASE),
      redisUrl: redis.url,
    });
    const s = stack;
    log(`stack up on private Redis ${redis.url} and Postgres :${postgres.port} (logs ${s.logDir})`);
    await s.waitForActiveModel({ timeoutMs: 20 * 60_000 });
    const movieIds = await sampleMovieIds(s.gatewayUrl, 1000);
    const users = await createUsers({
      baseUrl: s.gatewayUrl,
      count: USERS,
      ratingsEach: 10,
      movieIds,
      hangMs: HANG_MS,
    });
    const raters = Array.from(
      { length: RATERS },
      (_, i) => new VirtualUser(1000 + i, s.gatewayUrl, HANG_MS),
    );
    const load = new LoadRun(users);
    const rating = new Raters(raters, movieIds);
    const events = (): Event[] => [
      ...load.samples.map((x) => ({
        at: x.sentAt,
        doneAt: x.doneAt,
        ok: x.status >= 200 && x.status < 300,
        hung: x.hung,
        kind: 'recommend' as const,
      })),
      ...rating.events,
    ];
    await sleep(5_000);

    const faults: Fault[] = [
      {
        name: 'SIGKILL a replica (then restart it)',
        run: async () => {
          await s.signal('recommender-1', 'SIGKILL');
          await sleep(2_000);
          await restartReplica(s, 'recommender-1');
        },
      },
      {
        name: `SIGTERM each of the ${REPLICAS} replicas in turn (each restarted)`,
        run: async () => {
          for (const name of s.replicaNames) await restartReplica(s, name);
        },
      },
      {
        name: 'restart Redis (SIGKILL, 3 s down, start)',
        run: async () => {
          await redis.kill();
          await sleep(3_000);
          await redis.restart();
        },
      },
      {
        name: 'restart Postgres (pg_ctl stop -m fast, 3 s down, start)',
        run: async () => {
          await postgres.stop();
          await sleep(3_000);
          await postgres.start();
        },
      },
      {
        name: 'publish and activate a corrupt model',
        run: async () => {
          const version = await publishCorruptModel(postgres.url(DATABASE));
          const response = await fetch(`${s.gatewayUrl}/api/admin/models/${version}/activate`, {
            method: 'POST',
            headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
          });
          if (response.status !== 200) throw new Error(`activate: HTTP ${response.status}`);
          await waitForStatus(postgres.url(DATABASE), version, 'FAILED', 60_000);
        },
      },
    ];

    const rows: Record<string, string | number>[] = [];
    const results = [];
    for (const fault of faults) {
      log(`fault: ${fault.name}`);
      const t0 = Date.now();
      let error: string | null = null;
      try {
        await fault.run();
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
        log(`  the fault step itself failed: ${error}`);
      }
      const recoveredAt = Date.now();
      await sleep(10_000); // let stragglers and slow recoveries show
      const window = events().filter((e) => e.at >= t0 && e.at <= Date.now());
      const failed = window.filter((e) => !e.ok);
      const lastFailure = failed.reduce((m, e) => Math.max(m, e.doneAt), t0);
      const result = {
        fault: fault.name,
        requests: window.length,
        failedRecommend: failed.filter((e) => e.kind === 'recommend').length,
        failedRatings: failed.filter((e) => e.kind === 'rate').length,
        hung: window.filter((e) => e.hung).length,
        faultSeconds: (recoveredAt - t0) / 1000,
        secondsUntilLastFailure: (lastFailure - t0) / 1000,
        error,
      };
      results.push(result);
      rows.push({
        fault: fault.name,
        requests: result.requests,
        'failed (recommend / rate)': `${result.failedRecommend} / ${result.failedRatings}`,
        hung: result.hung,
        'fault lasted s': result.faultSeconds.toFixed(1),
        'normal after s': result.secondsUntilLastFailure.toFixed(1),
      });
    }
    await load.stop();
    await rating.stop();

    const lost = await lostRatings(postgres.url(DATABASE), rating.acked);
    const hung = results.reduce((n, r) => n + r.hung, 0);
    printTable(rows);
    console.log(
      `ratings acknowledged: ${rating.acked.length}, lost: ${lost.length}; ` +
        `${USERS} users asking for recommendations, ${RATERS} rating; data: ${dataLabel()}`,
    );
    const passed = hung === 0 && lost.length === 0 && results.every((r) => r.error === null);
    console.log(passed ? 'PASS (0 hung, 0 ratings lost)' : 'FAIL');
    const file = writeResults('faults', {
      measuredAt: new Date().toISOString(),
      data: dataLabel(),
      users: USERS,
      raters: RATERS,
      replicas: REPLICAS,
      results,
      ratingsAcknowledged: rating.acked.length,
      ratingsLost: lost,
      passed,
    });
    log(`results written to ${file}`);
    process.exitCode = passed ? 0 : 1;
  } finally {
    await stack?.stop();
    await redis.kill();
    await postgres.stop();
  }
}

async function restartReplica(stack: Stack, name: string): Promise<void> {
  const proc = await stack.restart(name);
  await stack.waitForHttp(name, `http://127.0.0.1:${proc.port}/health/ready`, 120_000);
}

/** A READY version whose stored checksum matches its bytes, which are not a model at all. */
async function publishCorruptModel(databaseUrl: string): Promise<number> {
  const bytes = randomBytes(4096);
  const checksum = createHash('sha256').update(bytes).digest('hex');
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const metrics = {
      valRmse: 0.5,
      trainLoss: 0.5,
      epochs: 1,
      trainSeconds: 1,
      backend: 'none',
      ratings: 1,
      users: 1,
      movies: 1,
    };
    const { rows } = await client.query<{ version: number }>(
      `INSERT INTO model_versions (status, config, metrics, data_snapshot, checksum, size_bytes, ready_at)
       VALUES ('READY', '{}', $1, $2, $3, $4, now()) RETURNING version`,
      [metrics, { ratings: 1, newestRatedAt: null }, checksum, bytes.length],
    );
    const version = rows[0]!.version;
    await client.query('INSERT INTO model_artifacts (version, bytes) VALUES ($1, $2)', [
      version,
      bytes,
    ]);
    return version;
  } finally {
    await client.end();
  }
}

async function waitForStatus(databaseUrl: string, version: number, status: string, ms: number) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const client = new Client({ connectionString: databaseUrl });
    try {
      await client.connect();
      const { rows } = await client.query<{ status: string }>(
        'SELECT status FROM model_versions WHERE version = $1',
        [version],
      );
      if (rows[0]?.status === status) return;
    } catch {
      // Postgres may still be coming back.
    } finally {
      await client.end().catch(() => undefined);
    }
    await sleep(250);
  }
  throw new Error(`version ${version} did not become ${status} within ${ms} ms`);
}

/** Acknowledged ratings that are not in Postgres with the acknowledged value. */
async function lostRatings(databaseUrl: string, acked: AckedRating[]): Promise<AckedRating[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const anonIds = [...new Set(acked.map((a) => a.anonId))];
    const { rows } = await client.query<{ anon_id: string; movie_id: number; rating: number }>(
      `SELECT u.anon_id, r.movie_id, r.rating FROM ratings r JOIN users u ON u.id = r.user_id
       WHERE u.anon_id = ANY($1::uuid[])`,
      [anonIds],
    );
    const stored = new Map(rows.map((r) => [`${r.anon_id}/${r.movie_id}`, r.rating]));
    return acked.filter((a) => stored.get(`${a.anonId}/${a.movieId}`) !== a.rating);
  } finally {
    await client.end();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
