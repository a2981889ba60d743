/**
 * `npm run demo`: the whole product on this machine against local Postgres and Redis.
 * Creates the database, migrates, imports MovieLens, starts trainer, recommender(s), gateway
 * and web, and waits for the first model. Ctrl-C stops everything.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';
import Redis from 'ioredis';

const root = path.resolve(__dirname, '..');
const env = {
  DATABASE_URL: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/marquee',
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  WEB_PORT: process.env.WEB_PORT ?? '3000',
  GATEWAY_PORT: process.env.GATEWAY_PORT ?? '4000',
  REPLICAS: Number(process.env.RECOMMENDER_REPLICAS ?? '2'),
  SKIP_BUILD: process.env.SKIP_BUILD === '1',
};
const children: ChildProcess[] = [];
let stopping = false;

function step(message: string): void {
  process.stderr.write(`\n\x1b[1m[demo]\x1b[0m ${message}\n`);
}

function fail(message: string): never {
  process.stderr.write(`\n\x1b[31m[demo] ${message}\x1b[0m\n`);
  stopAll(1);
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

const colours = ['36', '35', '33', '32', '34', '31'];
function start(name: string, command: string, args: string[], extraEnv: NodeJS.ProcessEnv) {
  const colour = colours[children.length % colours.length];
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = `\x1b[${colour}m${name.padEnd(13)}\x1b[0m| `;
  const pipe = (stream: NodeJS.ReadableStream, out: NodeJS.WriteStream) => {
    let buffered = '';
    stream.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) out.write(prefix + line + '\n');
    });
  };
  if (child.stdout) pipe(child.stdout, process.stdout);
  if (child.stderr) pipe(child.stderr, process.stderr);
  child.on('exit', (code, signal) => {
    if (!stopping) fail(`${name} exited unexpectedly (${code ?? signal}); see its log above.`);
  });
  children.push(child);
}

function stopAll(code: number): void {
  if (stopping) return;
  stopping = true;
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  setTimeout(() => process.exit(code), 5_000).unref();
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

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (stopping) return;
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 1000));
  }
  fail(`${what} did not become ready within ${Math.round(timeoutMs / 1000)} s.`);
}

async function activeModelVersion(): Promise<number | null> {
  const client = new Client({ connectionString: env.DATABASE_URL });
  await client.connect();
  try {
    const r = await client.query<{ version: number }>(
      "SELECT version FROM model_versions WHERE status = 'ACTIVE'",
    );
    return r.rows[0]?.version ?? null;
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  process.on('SIGINT', () => stopAll(0));
  process.on('SIGTERM', () => stopAll(0));

  step('checking Postgres and Redis');
  await checkPostgres();
  await checkRedis();

  // The web's /api rewrite target is fixed when Next builds, so the build gets the gateway URL.
  if (!env.SKIP_BUILD)
    run('build', 'npm', ['run', 'build'], { GATEWAY_URL: `http://127.0.0.1:${env.GATEWAY_PORT}` });
  run('migrate', 'npm', ['run', 'db:migrate']);
  run('import MovieLens', process.execPath, ['packages/db/dist/cli/import-movielens.js']);

  const common = { DATABASE_URL: env.DATABASE_URL, REDIS_URL: env.REDIS_URL };
  step('starting trainer, recommender, gateway and web');
  start('trainer', process.execPath, ['services/trainer/dist/main.js'], common);
  for (let i = 1; i <= env.REPLICAS; i++) {
    start(`recommender-${i}`, process.execPath, ['services/recommender/dist/main.js'], {
      ...common,
      RECOMMENDER_PORT: String(4010 + i),
    });
  }
  start('gateway', process.execPath, ['services/gateway/dist/main.js'], {
    ...common,
    GATEWAY_PORT: env.GATEWAY_PORT,
  });
  start(
    'web',
    process.execPath,
    [
      path.join(root, 'node_modules/next/dist/bin/next'),
      'start',
      'services/web',
      '-p',
      env.WEB_PORT,
    ],
    { GATEWAY_URL: `http://127.0.0.1:${env.GATEWAY_PORT}` },
  );

  const gateway = `http://127.0.0.1:${env.GATEWAY_PORT}`;
  await waitFor('gateway', async () => (await fetch(`${gateway}/health/ready`)).ok, 60_000);
  await waitFor('web', async () => (await fetch(`http://127.0.0.1:${env.WEB_PORT}/`)).ok, 60_000);
  step('waiting for the first model (the trainer logs each epoch above)');
  await waitFor('the first model', async () => (await activeModelVersion()) !== null, 15 * 60_000);
  const version = await activeModelVersion();
  step(
    `ready: model v${version} is active.\n` +
      `  Open http://localhost:${env.WEB_PORT} to rate films; the API is on http://localhost:${env.GATEWAY_PORT}/api.\n` +
      '  Ctrl-C stops everything.',
  );
}

main().catch((e: unknown) => fail(e instanceof Error ? (e.stack ?? e.message) : String(e)));
