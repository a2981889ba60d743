/**
 * Proof 2, replicas: recommendation throughput and latency (p50, p99) with 1, 2 and 3
 * recommender replicas, under the same closed-loop load (many users with ratings).
 *
 *   npm run build:node && MOVIELENS_DIR=/path/to/ml-latest-small npm run proof:replicas
 */
import { sleep } from '../lib/process-group';
import { createUsers, LoadRun, sampleMovieIds, summarize } from './lib/load';
import { dataLabel, printTable, startProofGroup, writeResults } from './lib/proof-group';

const USERS = Number(process.env.PROOF_USERS ?? 48);
const SECONDS = Number(process.env.PROOF_SECONDS ?? 20);
const WARMUP_SECONDS = 3;
const MAX_REPLICAS = 3;

async function main(): Promise<void> {
  const log = (m: string) => process.stderr.write(`[proof:replicas] ${m}\n`);
  const group = await startProofGroup({ label: 'proof-replicas', replicas: 1, epochs: 3 });
  try {
    await group.waitForActiveModel({ timeoutMs: 20 * 60_000 });
    const movieIds = await sampleMovieIds(group.gatewayUrl, 200);
    const users = await createUsers({
      baseUrl: group.gatewayUrl,
      count: USERS,
      ratingsEach: 10,
      movieIds,
      hangMs: 10_000,
    });
    const rows: Record<string, string | number>[] = [];
    const results = [];
    for (let replicas = 1; replicas <= MAX_REPLICAS; replicas++) {
      if (replicas > 1) {
        const name = group.addReplica();
        const proc = group.get(name);
        await group.waitForHttp(name, `http://127.0.0.1:${proc.port}/health/ready`, 120_000);
      }
      log(`${replicas} replica(s): ${WARMUP_SECONDS} s warm-up, then ${SECONDS} s measured`);
      const warmUp = new LoadRun(users);
      await sleep(WARMUP_SECONDS * 1000);
      await warmUp.stop();
      const run = new LoadRun(users);
      const started = Date.now();
      await sleep(SECONDS * 1000);
      const samples = await run.stop();
      const summary = summarize(samples, (Date.now() - started) / 1000);
      const servedBy = new Set(samples.map((s) => s.replica).filter((r) => r !== null)).size;
      results.push({ replicas, servedBy, ...summary });
      rows.push({
        replicas,
        'replicas answering': servedBy,
        requests: summary.requests,
        'req/s': summary.throughputPerSec.toFixed(1),
        'p50 ms': summary.p50Ms,
        'p99 ms': summary.p99Ms,
        'non-2xx': summary.non2xx,
        hung: summary.hung,
      });
    }
    printTable(rows);
    console.log(`${USERS} concurrent users, closed loop; data: ${dataLabel()}`);
    const file = writeResults('replicas', {
      measuredAt: new Date().toISOString(),
      data: dataLabel(),
      users: USERS,
      seconds: SECONDS,
      results,
    });
    log(`results written to ${file}`);
  } finally {
    await group.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
