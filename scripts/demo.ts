/**
 * `npm run demo`: the whole product on this machine against local Postgres and Redis.
 * Creates the database, migrates, imports MovieLens, starts trainer, recommender(s), gateway
 * and web, and waits for the first model. Ctrl-C stops everything.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';
import Redis from 'ioredis';
// Only a type here: ./lib/process-group loads the workspace packages' builds, which main() makes first.
import type { ProcessGroup } from './lib/process-group';

const root = path.resolve(__dirname, '..');
const env = {
  DATABASE_URL: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/marquee',
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  WEB_PORT: process.env.WEB_PORT ?? '3000',
  GATEWAY_PORT: process.env.GATEWAY_PORT ?? '4000',
  REPLICAS: Number(process.env.RECOMMENDER_REPLICAS ?? '2'),
  SKIP_BUILD: process.env.SKIP_BUILD === '1',
};
let stopping = false;
let current: ProcessGroup | null = null;

function step(message: string): void {
  process.stderr.write(`\n\x1b[1m[demo]\x1b[0m ${message}\n`);
}

function fail(message: string): never {
  process.stderr.write(`\n\x1b[31m[demo] ${message}\x1b[0m\n`);
  current?.killAll('SIGTERM');
  process.exit(1);
}

function run(label: string, command: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  step(`${label}: ${command} ${args.join(' ')}`);
  const r = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...extraEnv },
  });
  if (r.status !== 0) fail(`${label} failed (exit ${r.status ?? r.signal}).`);
}

async function checkPostgres(): Promise<void> {
  const server = new URL(env.DATABASE_URL);
  const database = decodeURIComponent(server.pathname.slice(1)) || 'marquee';
  server.pathname = '/postgres';
  const client = new Client({ connectionString: server.toString(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
  } catch (e) {
    fail(
      `Postgres is not reachable at ${server.host} (${(e as Error).message}).\n` +
        '  Start it with `docker compose up -d postgres redis`, or install it (Debian: apt-get install postgresql)\n' +
        '  and start it (`pg_ctlcluster 15 main start`). Set DATABASE_URL if it runs elsewhere.',
    );
  }
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) {
      step(`creating database ${database}`);
      await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
    }
  } finally {
    await client.end();
  }
}

async function checkRedis(): Promise<void> {
  const redis = new Redis(env.REDIS_URL, {
    lazyConnect: true,
    connectTimeout: 3000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (e) {
    fail(
      `Redis is not reachable at ${env.REDIS_URL} (${(e as Error).message}).\n` +
        '  Start it with `docker compose up -d postgres redis`, or install it (Debian: apt-get install redis-server)\n' +
        '  and start it (`redis-server --daemonize yes`). Set REDIS_URL if it runs elsewhere.',
    );
  } finally {
    redis.disconnect();
  }
}

async function main(): Promise<void> {
  step('checking Postgres and Redis');
  await checkPostgres();
  await checkRedis();

  // The web reads GATEWAY_URL when it runs (the process group sets it), so the build needs no gateway URL.
  if (!env.SKIP_BUILD) run('build', 'npm', ['run', 'build']);

  step('migrating, importing MovieLens, then starting trainer, recommenders, gateway and web');
  const { ProcessGroup } = await import('./lib/process-group');
  const group = await ProcessGroup.start({
    label: 'demo',
    databaseUrl: env.DATABASE_URL,
    redisUrl: env.REDIS_URL,
    gatewayPort: Number(env.GATEWAY_PORT),
    trainerPort: Number(process.env.TRAINER_PORT ?? '4002'),
    recommenderBasePort: 4010,
    replicas: env.REPLICAS,
    webPort: Number(env.WEB_PORT),
    data: { dir: process.env.MOVIELENS_DIR },
    echo: true,
    // The services log JSON when their output is a pipe; a person reads this terminal.
    env: { LOG_FORMAT: process.env.LOG_FORMAT ?? (process.stdout.isTTY ? 'pretty' : 'auto') },
    log: step,
    onUnexpectedExit: (name, code, signal) =>
      fail(`${name} exited unexpectedly (${code ?? signal}); see its log above.`),
  }).catch((e: unknown) => fail((e as Error).message));
  current = group;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    step('stopping');
    void group.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  step('waiting for the first model (the trainer logs each epoch above)');
  const version = await group.waitForActiveModel({ timeoutMs: 15 * 60_000 });
  step(
    `ready: model v${version} is active.\n` +
      `  Open http://localhost:${env.WEB_PORT} to rate films; the API is on http://localhost:${env.GATEWAY_PORT}/api.\n` +
      `  Gateway metrics: ${group.gatewayMetricsUrl}/metrics.\n` +
      `  Logs: ${group.logDir}. Ctrl-C stops everything.`,
  );
}

main().catch((e: unknown) => fail(e instanceof Error ? (e.stack ?? e.message) : String(e)));
