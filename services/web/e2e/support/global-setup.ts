import { QUEUES, redisOptionsFromUrl } from '@marquee/contracts';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
// eslint-disable-next-line import-x/no-relative-packages -- the repository's own launcher, not a package
import { ProcessGroup } from '../../../../scripts/lib/process-group';
import { E2E } from './e2e-env';

declare global {
  var __E2E_PROCESSES__: ProcessGroup | undefined;
}

/** Fails fast when a port is taken: the tests would otherwise talk to someone else's server. */
function assertPortFree(port: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', () =>
      reject(
        new Error(
          `Port ${port} (${what}) is already in use, so the browser tests cannot start their ` +
            'own process group there. Stop whatever listens on it, or move the tests with E2E_*_PORT ' +
            '(see services/web/e2e/support/e2e-env.ts).',
        ),
      ),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

/**
 * Deletes the queues' keys left by an earlier run (only under this run's BullMQ prefix): a
 * train job a killed run left "active" would otherwise block the retrain with a 409.
 */
async function clearQueueKeys(): Promise<void> {
  const redis = new Redis(E2E.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${E2E.bullPrefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** Rejects as soon as a train job fails (rather than waiting out the model timeout). */
async function firstTrainingFailure(logDir: string, watching: AbortSignal): Promise<void> {
  const queue = new Queue(QUEUES.train, {
    connection: redisOptionsFromUrl(E2E.redisUrl),
    prefix: E2E.bullPrefix,
  });
  try {
    while (!watching.aborted) {
      const [failed] = await queue.getJobs(['failed'], 0, 0);
      if (failed) {
        throw new Error(
          `The first train job failed: ${failed.failedReason}; see ${logDir}/trainer.log`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  } finally {
    await queue.close();
  }
}

/** Starts the whole product once for every browser test, and waits for its first model. */
export default async function globalSetup(): Promise<void> {
  if (!existsSync(E2E.chromiumPath)) {
    throw new Error(
      `Chromium is not at ${E2E.chromiumPath}. Install it (Debian: apt-get install -y chromium) ` +
        'or point CHROMIUM_PATH at a Chromium binary.',
    );
  }
  await assertPortFree(E2E.gatewayPort, 'gateway');
  await assertPortFree(E2E.webPort, 'web');
  await assertPortFree(E2E.trainerPort, 'trainer');
  await assertPortFree(E2E.recommenderBasePort + 1, 'recommender');

  await clearQueueKeys();
  const started = Date.now();
  const log = (message: string) => process.stderr.write(`[browser tests] ${message}\n`);
  const group = await ProcessGroup.start({
    label: 'e2e',
    databaseUrl: E2E.databaseUrl,
    redisUrl: E2E.redisUrl,
    bullPrefix: E2E.bullPrefix,
    freshDatabase: true,
    gatewayPort: E2E.gatewayPort,
    trainerPort: E2E.trainerPort,
    recommenderBasePort: E2E.recommenderBasePort,
    replicas: 1,
    webPort: E2E.webPort,
    data: { synthetic: E2E.data },
    serviceEnv: {
      gateway: { ADMIN_TOKEN: E2E.adminToken },
      trainer: {
        TRAIN_MAX_EPOCHS: String(E2E.initialEpochs),
        // Every retrain becomes the active version, so the admin flow can expect a new one.
        ACTIVATION_MARGIN: '100',
        ACTIVATION_NDCG_MARGIN: '1',
      },
      recommender: { MODEL_POLL_INTERVAL_MS: '2000' },
    },
    log,
  });
  globalThis.__E2E_PROCESSES__ = group;
  log(
    `process group up in ${((Date.now() - started) / 1000).toFixed(1)} s; logs in ${group.logDir}`,
  );
  const watching = new AbortController();
  const failure = firstTrainingFailure(group.logDir, watching.signal);
  const version = await Promise.race([
    group.waitForActiveModel({ timeoutMs: 180_000 }),
    failure.then(() => 0),
  ])
    .catch(async (err: unknown) => {
      await group.stop(5_000);
      throw err;
    })
    .finally(() => watching.abort());
  await failure.catch(() => undefined);
  log(`model v${version} active after ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
