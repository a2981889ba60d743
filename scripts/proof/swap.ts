/**
 * Proof 1, swap under load: steady recommendation traffic from many users with cookie jars and
 * ratings while a retrain finishes and its version is activated, five times in a row. Passes
 * with 0 non-2xx answers, 0 hung requests, a model version in every answer, and each replica's
 * version only moving forward.
 *
 *   npm run build:node && MOVIELENS_DIR=/path/to/ml-latest-small npm run proof:swap
 */
import { sleep } from '../lib/process-group';
import {
  createUsers,
  LoadRun,
  sampleMovieIds,
  summarize,
  versionRegressions,
  type Sample,
} from './lib/load';
import {
  dataLabel,
  printTable,
  startProofGroup,
  startRetrain,
  writeResults,
} from './lib/proof-group';

const ROUNDS = Number(process.env.PROOF_ROUNDS ?? 5);
const USERS = Number(process.env.PROOF_USERS ?? 32);
const EPOCHS = Number(process.env.PROOF_EPOCHS ?? 3);
const REPLICAS = 2;
/** Longer than the gateway's 5 s deadline: an answer later than this counts as hung. */
const HANG_MS = 10_000;

async function main(): Promise<void> {
  const group = await startProofGroup({
    label: 'proof-swap',
    replicas: REPLICAS,
    epochs: EPOCHS,
    // Every retrain is activated: the proof is about the swap, not the margin rules.
    serviceEnv: { trainer: { ACTIVATION_MARGIN: '100', ACTIVATION_NDCG_MARGIN: '1' } },
  });
  const log = (m: string) => process.stderr.write(`[proof:swap] ${m}\n`);
  try {
    log(`process group up (logs in ${group.logDir}); waiting for the first model`);
    let active = await group.waitForActiveModel({ timeoutMs: 20 * 60_000 });
    const movieIds = await sampleMovieIds(group.gatewayUrl, 200);
    const users = await createUsers({
      baseUrl: group.gatewayUrl,
      count: USERS,
      ratingsEach: 10,
      movieIds,
      hangMs: HANG_MS,
    });
    log(`${USERS} users rated 10 films each; version ${active} active; load starts`);
    const load = new LoadRun(users);
    const rounds: Record<string, string | number>[] = [];
    await sleep(3_000);
    for (let round = 1; round <= ROUNDS; round++) {
      const before = active;
      const started = Date.now();
      const jobId = await startRetrain(group, EPOCHS);
      active = await group.waitForActiveModel({ after: before, timeoutMs: 20 * 60_000 });
      const activatedAt = Date.now();
      // Until every replica answers with the new version.
      let servedAt = NaN;
      while (Date.now() - activatedAt < 60_000) {
        const recent = load.samples.filter((s) => s.sentAt > activatedAt);
        const replicas = new Set(recent.map((s) => s.replica));
        const onNew = new Set(
          recent.filter((s) => s.modelVersion === active).map((s) => s.replica),
        );
        if (replicas.size >= REPLICAS && [...replicas].every((r) => onNew.has(r))) {
          servedAt = Date.now();
          break;
        }
        await sleep(200);
      }
      rounds.push({
        round,
        trainJob: jobId,
        from: before,
        to: active,
        'train+publish s': ((activatedAt - started) / 1000).toFixed(1),
        'all replicas on it s': Number.isNaN(servedAt)
          ? 'not within 60'
          : ((servedAt - activatedAt) / 1000).toFixed(1),
      });
      log(`round ${round}: version ${before} -> ${active}`);
      await sleep(3_000);
    }
    const samples = await load.stop();
    const summary = summarize(samples);
    const regressions = versionRegressions(samples);
    const withoutVersion = samples.filter((s) => s.status === 200 && s.modelVersion === null);
    const versionsSeen = [...new Set(samples.map((s) => s.modelVersion))].sort();
    const passed =
      summary.non2xx === 0 &&
      summary.hung === 0 &&
      summary.networkErrors === 0 &&
      withoutVersion.length === 0 &&
      regressions.length === 0;

    printTable(rounds);
    console.log();
    printTable([
      {
        requests: summary.requests,
        non2xx: summary.non2xx,
        hung: summary.hung,
        'network errors': summary.networkErrors,
        'no version': withoutVersion.length,
        'version regressions': regressions.length,
        'req/s': summary.throughputPerSec.toFixed(1),
        'p50 ms': summary.p50Ms,
        'p99 ms': summary.p99Ms,
      },
    ]);
    console.log(`versions served: ${versionsSeen.join(', ')}; data: ${dataLabel()}`);
    for (const r of regressions.slice(0, 10)) console.log(`  regression: ${r}`);
    console.log(passed ? 'PASS' : 'FAIL');
    const file = writeResults('swap', {
      measuredAt: new Date().toISOString(),
      data: dataLabel(),
      users: USERS,
      replicas: REPLICAS,
      epochs: EPOCHS,
      rounds,
      summary,
      withoutVersion: withoutVersion.length,
      regressions,
      versionsSeen,
      perReplica: perReplica(samples),
      passed,
    });
    log(`results written to ${file}`);
    process.exitCode = passed ? 0 : 1;
  } finally {
    await group.stop();
  }
}

function perReplica(samples: readonly Sample[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of samples) if (s.replica) counts[s.replica] = (counts[s.replica] ?? 0) + 1;
  return counts;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
