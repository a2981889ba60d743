/**
 * `npm run bench:rss`: resident memory of a running recommender (NestJS, BullMQ, Prisma and the
 * tfjs backend) before and after it loads the model trained on MOVIELENS_DIR, and after 200
 * recommendations; the gateway's and the trainer's too. Needs `npm run build:node`.
 *
 * Environment: MOVIELENS_DIR, RSS_DATABASE_URL (dropped and created again; default
 * marquee_ops_rss), RSS_MODEL_TIMEOUT_MIN (10: how long the first training may take),
 * TRAIN_MAX_EPOCHS (the trainer's own).
 */
import { residentMb } from '../lib/measures';
import { ProcessGroup } from '../lib/process-group';

/** Resolves once the replica's readiness answer names `version` as the model it has loaded. */
async function replicaServes(port: number, version: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const answer = await fetch(`http://127.0.0.1:${port}/health/ready`)
      .then((r) => r.json() as Promise<{ modelVersion?: number | null }>)
      .catch(() => null);
    if (answer?.modelVersion === version) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the recommender did not load model v${version} in time`);
}

async function main(): Promise<void> {
  const dir = process.env.MOVIELENS_DIR;
  if (!dir) throw new Error('Set MOVIELENS_DIR to an ml-latest-small folder.');
  const group = await ProcessGroup.start({
    label: 'rss',
    databaseUrl:
      process.env.RSS_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/marquee_ops_rss',
    bullPrefix: 'ops-rss',
    gatewayPort: 4350,
    trainerPort: 4352,
    recommenderBasePort: 4360,
    replicas: 1,
    freshDatabase: true,
    data: { dir },
  });
  try {
    const pid = (name: string): number => group.get(name).child.pid ?? 0;
    console.log(`recommender RSS at start: ${residentMb(pid('recommender-1'))} MB`);
    const timeoutMs = Number(process.env.RSS_MODEL_TIMEOUT_MIN ?? 10) * 60_000;
    const version = await group.waitForActiveModel({ timeoutMs });
    await replicaServes(group.get('recommender-1').port, version, timeoutMs);
    await new Promise((r) => setTimeout(r, 2_000)); // the replica warms the model up
    console.log(`model v${version} loaded: recommender RSS ${residentMb(pid('recommender-1'))} MB`);

    const sample = await fetch(`${group.gatewayUrl}/api/movies/sample?count=5`);
    const cookie = (sample.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const { movies } = (await sample.json()) as { movies: { id: number }[] };
    const headers = { cookie, 'content-type': 'application/json' };
    for (const m of movies) {
      await fetch(`${group.gatewayUrl}/api/ratings/${m.id}`, {
        method: 'PUT',
        headers,
        body: '{"rating":4}',
      });
    }
    for (let i = 0; i < 200; i++) {
      const res = await fetch(`${group.gatewayUrl}/api/recommendations?count=10`, { headers });
      if (!res.ok) throw new Error(`recommendation ${i} answered ${res.status}`);
    }
    console.log(
      `after 200 recommendations: recommender ${residentMb(pid('recommender-1'))} MB, ` +
        `gateway ${residentMb(pid('gateway'))} MB, trainer ${residentMb(pid('trainer'))} MB`,
    );
  } finally {
    await group.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
