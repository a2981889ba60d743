/**
 * Proof 3, faults under load. With recommendation traffic and users rating movies throughout:
 * a replica killed, every replica restarted in turn, a replica paused (SIGSTOP), Redis and
 * Postgres each down (killed / stopped) and paused (SIGSTOP: connections open, nothing
 * answers) for 3 s and for 30 s, a corrupt model published, the trainer killed mid-fit. Per
 * fault: requests failed (recommend / rate), answered from the fallback, hung (must be 0), p99
 * latency while it lasted, seconds from the store's return to the first success that needed it,
 * and what the fault's kind requires (see fault-window.ts); ratings lost overall (must be 0:
 * every rating the gateway acknowledged is in Postgres afterwards). Redis and Postgres are
 * private servers (6390, 5440) this script starts, stops and pauses; the shared ones are never
 * touched.
 *
 *   npm run build:node && MOVIELENS_DIR=/path/to/ml-latest-small npm run proof:faults
 *   PROOF_FAULTS=short,trainer npm run proof:faults   # only faults whose name contains one
 */
import { createHash, randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { RECOMMEND_DEADLINE_MS } from '@marquee/contracts';
import { sleep, type ProcessGroup } from '../lib/process-group';
import {
  createUsers,
  isClearUnavailable,
  LoadRun,
  sampleMovieIds,
  VirtualUser,
  type AckedRating,
} from './lib/load';
import { PrivateRedis } from '@marquee/nest-common/testing';
import { PrivatePostgres } from './lib/private-services';
import {
  faultProblems,
  summarizeFault,
  type Deadlines,
  type FaultEvent,
  type FaultKind,
} from './lib/fault-window';
import {
  ADMIN_TOKEN,
  dataLabel,
  printTable,
  startProofGroup,
  startRetrain,
  writeResults,
} from './lib/proof-group';

const USERS = Number(process.env.PROOF_USERS ?? 24);
const RATERS = 8;
const HANG_MS = 15_000;
const REPLICAS = 3;
const DATABASE = 'marquee_proof';
const REDIS_PORT = 6390;
/** The gateway's defaults (services/gateway/src/config/deadlines.ts): the proof runs with them. */
const DEADLINES: Deadlines = { recommendMs: RECOMMEND_DEADLINE_MS, writeMs: 8_000 };
/** How long after a fault ends its requests are still counted as the fault's. */
const SETTLE_MS = 10_000;

const log = (m: string) => process.stderr.write(`[proof:faults] ${m}\n`);

/** Users rating movies one after another; remembers every rating the gateway acknowledged. */
class Raters {
  readonly acked: AckedRating[] = [];
  readonly events: FaultEvent[] = [];
  private running = true;
  private readonly loops: Promise<void>[];

  constructor(raters: VirtualUser[], movieIds: number[]) {
    this.loops = raters.map(async (rater) => {
      // Each rater rates each movie at most once, so an acknowledged rating is never overwritten
      // (not even by a write that timed out and landed later).
      for (let k = 0; this.running && k < movieIds.length; k++) {
        const movieId = movieIds[k]!;
        const rating = 0.5 + ((rater.index + k) % 10) / 2;
        const at = Date.now();
        const result = await rater.request('PUT', `/api/ratings/${movieId}`, { rating });
        const ok = result.status === 200;
        this.events.push({
          at,
          doneAt: Date.now(),
          kind: 'rate',
          ok,
          fallback: false,
          clear: isClearUnavailable(result),
          hung: result.hung,
        });
        if (ok && rater.anonId) this.acked.push({ anonId: rater.anonId, movieId, rating });
        await sleep(400);
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
  kind: FaultKind;
  /** Which successes prove the faulted store is back (long faults). */
  needs?: 'redis' | 'postgres';
  /** Injects the fault and brings the system back; resolves with when it came back. */
  run(): Promise<{ returnedAt: number | null }>;
}

async function main(): Promise<void> {
  const redis = await PrivateRedis.start(REDIS_PORT);
  const postgres = new PrivatePostgres();
  await postgres.start();
  let group: ProcessGroup | null = null;
  try {
    group = await startProofGroup({
      label: 'proof-faults',
      replicas: REPLICAS,
      epochs: 3,
      databaseUrl: postgres.url(DATABASE),
      redisUrl: redis.url,
    });
    const s = group;
    log(
      `process group up on private Redis ${redis.url} and Postgres :${postgres.port} (logs ${s.logDir})`,
    );
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
    const events = (): FaultEvent[] => [
      ...load.samples.map((x) => ({
        at: x.sentAt,
        doneAt: x.doneAt,
        kind: 'recommend' as const,
        ok: x.status >= 200 && x.status < 300,
        fallback: x.source !== null && x.source !== 'model',
        clear: x.clear,
        hung: x.hung,
      })),
      ...rating.events,
    ];
    await sleep(5_000);

    const only = process.env.PROOF_FAULTS?.split(',').filter(Boolean) ?? [];
    const faults = faultCatalogue(s, redis, postgres).filter(
      (f) => only.length === 0 || only.some((text) => f.name.includes(text)),
    );
    const rows: Record<string, string | number>[] = [];
    const results = [];
    for (const fault of faults) {
      log(`fault: ${fault.name}`);
      const start = Date.now();
      let error: string | null = null;
      let returnedAt: number | null = null;
      try {
        returnedAt = (await fault.run()).returnedAt;
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
        log(`  the fault step itself failed: ${error}`);
      }
      const over = Date.now();
      await sleep(SETTLE_MS); // let stragglers and slow recoveries show
      const needsStore = (e: FaultEvent) =>
        fault.needs === 'redis'
          ? e.kind === 'recommend' && !e.fallback
          : fault.needs === 'postgres'
            ? e.kind === 'rate'
            : true;
      const summary = summarizeFault(
        events(),
        { start, returnedAt, end: over + SETTLE_MS },
        DEADLINES,
        needsStore,
      );
      const problems = faultProblems(fault.kind, summary, DEADLINES);
      if (error) problems.push(`the fault step failed: ${error}`);
      results.push({
        fault: fault.name,
        kind: fault.kind,
        faultSeconds: (over - start) / 1000,
        ...summary,
        problems,
      });
      rows.push({
        fault: fault.name,
        requests: summary.requests,
        'failed (rec / rate)': `${summary.failedRecommend} / ${summary.failedRatings}`,
        fallback: summary.fallbackRecommend,
        unclear: summary.unclearFailures,
        hung: summary.hung,
        'p99 ms (rec / rate)': `${summary.p99Ms.recommend ?? '-'} / ${summary.p99Ms.rate ?? '-'}`,
        'back → success s': summary.secondsToFirstSuccess?.toFixed(2) ?? '-',
        verdict: problems.length === 0 ? 'ok' : problems.join('; '),
      });
    }
    await load.stop();
    await rating.stop();

    const lost = await lostRatings(postgres.url(DATABASE), rating.acked);
    printTable(rows);
    console.log(
      `ratings acknowledged: ${rating.acked.length}, lost: ${lost.length}; ` +
        `${USERS} users asking for recommendations, ${RATERS} rating; data: ${dataLabel()}`,
    );
    const passed = lost.length === 0 && results.every((r) => r.problems.length === 0);
    console.log(passed ? 'PASS (every fault met its targets, 0 ratings lost)' : 'FAIL');
    const file = writeResults('faults', {
      measuredAt: new Date().toISOString(),
      data: dataLabel(),
      users: USERS,
      raters: RATERS,
      replicas: REPLICAS,
      deadlines: DEADLINES,
      results,
      ratingsAcknowledged: rating.acked.length,
      ratingsLost: lost,
      passed,
    });
    log(`results written to ${file}`);
    process.exitCode = passed ? 0 : 1;
  } finally {
    await group?.stop();
    await redis.kill();
    await postgres.stop();
  }
}

/** The faults, in the order they are injected. */
function faultCatalogue(s: ProcessGroup, redis: PrivateRedis, postgres: PrivatePostgres): Fault[] {
  const backNow = () => ({ returnedAt: Date.now() });
  const storeFaults = (seconds: number, kind: FaultKind): Fault[] => [
    {
      name: `Redis killed, ${seconds} s down (${kind})`,
      kind,
      needs: 'redis',
      run: async () => {
        await redis.kill();
        await sleep(seconds * 1000);
        await redis.restart();
        return backNow();
      },
    },
    {
      name: `Redis paused (SIGSTOP) ${seconds} s (${kind})`,
      kind,
      needs: 'redis',
      run: async () => {
        redis.pause();
        await sleep(seconds * 1000);
        redis.resume();
        return backNow();
      },
    },
    {
      name: `Postgres stopped, ${seconds} s down (${kind})`,
      kind,
      needs: 'postgres',
      run: async () => {
        await postgres.stop();
        await sleep(seconds * 1000);
        await postgres.start();
        return backNow();
      },
    },
    {
      name: `Postgres paused (SIGSTOP) ${seconds} s (${kind})`,
      kind,
      needs: 'postgres',
      run: async () => {
        postgres.pause();
        await sleep(seconds * 1000);
        postgres.resume();
        return backNow();
      },
    },
  ];
  return [
    {
      name: 'SIGKILL a replica (then restart it)',
      kind: 'other',
      run: async () => {
        await s.signal('recommender-1', 'SIGKILL');
        await sleep(2_000);
        await restartReplica(s, 'recommender-1');
        return backNow();
      },
    },
    {
      name: `SIGTERM each of the ${REPLICAS} replicas in turn (each restarted)`,
      kind: 'other',
      run: async () => {
        for (const name of s.replicaNames) await restartReplica(s, name);
        return backNow();
      },
    },
    {
      name: 'a replica paused (SIGSTOP) 20 s',
      kind: 'replica',
      run: async () => {
        const child = s.get('recommender-2').child;
        child.kill('SIGSTOP');
        await sleep(20_000);
        child.kill('SIGCONT');
        return backNow();
      },
    },
    ...storeFaults(3, 'short'),
    ...storeFaults(30, 'long'),
    {
      name: 'publish and activate a corrupt model',
      kind: 'other',
      run: async () => {
        const version = await publishCorruptModel(postgres.url(DATABASE));
        const response = await fetch(`${s.gatewayUrl}/api/admin/models/${version}/activate`, {
          method: 'POST',
          headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        });
        if (response.status !== 200) throw new Error(`activate: HTTP ${response.status}`);
        await waitForStatus(postgres.url(DATABASE), version, 'FAILED', 60_000);
        return backNow();
      },
    },
    {
      name: 'trainer killed (SIGKILL) mid-fit, restarted, retrained',
      kind: 'other',
      run: async () => {
        const databaseUrl = postgres.url(DATABASE);
        await startRetrain(s, 3);
        const version = await waitForTraining(databaseUrl, 120_000);
        await s.signal('trainer', 'SIGKILL');
        await s.restart('trainer');
        // The version is interrupted once its job's lock lapses (TRAIN_WORKER_OPTIONS); the
        // restarted trainer then retries that job, which trains a new version to the end.
        await waitForStatus(databaseUrl, version, 'FAILED', 180_000);
        const retried = await waitForTrained(databaseUrl, version, 10 * 60_000);
        await startRetrain(s, 3);
        await waitForTrained(databaseUrl, retried, 10 * 60_000);
        const left = await versionsIn(databaseUrl, 'TRAINING');
        if (left.length > 0) throw new Error(`versions left in TRAINING: ${left.join(', ')}`);
        return backNow();
      },
    },
  ];
}

async function restartReplica(group: ProcessGroup, name: string): Promise<void> {
  const proc = await group.restart(name);
  await group.waitForHttp(name, `http://127.0.0.1:${proc.port}/health/ready`, 120_000);
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

/** Resolves with the version a training is fitting, once one is in TRAINING. */
async function waitForTraining(databaseUrl: string, ms: number): Promise<number> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const training = await versionsIn(databaseUrl, 'TRAINING');
    if (training.length > 0) return training[0]!;
    await sleep(200);
  }
  throw new Error(`no version went into TRAINING within ${ms} ms`);
}

/** Resolves with the first version above `after` trained to the end (READY or ACTIVE). */
async function waitForTrained(databaseUrl: string, after: number, ms: number): Promise<number> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const done = [
      ...(await versionsIn(databaseUrl, 'READY')),
      ...(await versionsIn(databaseUrl, 'ACTIVE')),
    ].filter((v) => v > after);
    if (done.length > 0) return Math.min(...done);
    await sleep(1_000);
  }
  throw new Error(`no version above ${after} was trained within ${ms} ms`);
}

async function versionsIn(databaseUrl: string, status: string): Promise<number[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ version: number }>(
      'SELECT version FROM model_versions WHERE status = $1 ORDER BY version',
      [status],
    );
    return rows.map((r) => r.version);
  } finally {
    await client.end();
  }
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
