/**
 * deploy/hosts/*.yml, the compose files for recommender replicas on other hosts
 * (docs/scaling.md), against docker-compose.yml and the services' config: the main host's
 * override publishes Postgres and Redis on the private address only and gives every service that
 * talks to Redis its password; a recommender host's replicas get a valid recommender config
 * pointing at the main host. A real Redis with a password checks that such a URL authenticates.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { redisOptionsFromUrl } from '@marquee/contracts';
import { recommenderConfigSchema } from '@marquee/recommender';
import { readComposeFile, readEnvFile, referencedVariables } from './compose-file';
import { composeFile, environmentOf, type ComposeFile } from './compose-model';

const ROOT = path.resolve(__dirname, '..', '..');
const COMPOSE = path.join(ROOT, 'docker-compose.yml');
const STORES = path.join(ROOT, 'deploy/hosts/stores.yml');
const RECOMMENDERS = path.join(ROOT, 'deploy/hosts/recommenders.yml');
const HOSTS_ENV = path.join(ROOT, 'deploy/hosts/hosts.env.example');

const hostsEnv = readEnvFile(HOSTS_ENV);
const mainEnv = { ...readEnvFile(path.join(ROOT, '.env.example')), ...hostsEnv };
const read = (file: string, env: Record<string, string>): ComposeFile =>
  composeFile.parse(readComposeFile(file, env));
const main = read(COMPOSE, mainEnv);
const stores = read(STORES, mainEnv);
const recommenders = read(RECOMMENDERS, hostsEnv);

describe('deploy/hosts/stores.yml (the main host, with recommenders elsewhere)', () => {
  it('publishes Postgres and Redis on the private address only', () => {
    expect(stores.services.postgres?.ports).toEqual([`${hostsEnv.PRIVATE_ADDRESS}:5432:5432`]);
    expect(stores.services.redis?.ports).toEqual([`${hostsEnv.PRIVATE_ADDRESS}:6379:6379`]);
  });

  it('gives every service that talks to Redis the password', () => {
    const talksToRedis = Object.entries(main.services)
      .filter(([, service]) => 'REDIS_URL' in environmentOf(service))
      .map(([name]) => name)
      .sort();
    expect(talksToRedis).toEqual(['gateway', 'recommender', 'trainer']);
    for (const name of talksToRedis) {
      const url = environmentOf(stores.services[name]!).REDIS_URL;
      expect(url && redisOptionsFromUrl(url)).toMatchObject({
        host: 'redis',
        password: hostsEnv.REDIS_PASSWORD,
      });
    }
    expect(stores.services.redis?.command).toEqual(
      expect.arrayContaining(['--requirepass', hostsEnv.REDIS_PASSWORD]),
    );
  });

  it('adds no service of its own', () => {
    const extra = Object.keys(stores.services).filter((name) => !(name in main.services));
    expect(extra).toEqual([]);
  });
});

describe('deploy/hosts/recommenders.yml (a recommender host)', () => {
  const recommender = recommenders.services.recommender!;

  it('runs only recommender replicas, scalable, publishing nothing', () => {
    expect(Object.keys(recommenders.services)).toEqual(['recommender']);
    expect(recommender.ports).toBeUndefined();
    expect(recommender.container_name).toBeUndefined();
  });

  it('builds the same image target as the main compose file', () => {
    const target = (build: unknown) => (build as { target?: string } | undefined)?.target;
    expect(target(recommender.build)).toBe(target(main.services.recommender!.build));
    expect(recommender.image).toBe(main.services.recommender!.image);
  });

  it("gives the replicas a valid recommender config on the main host's stores", () => {
    const env = environmentOf(recommender);
    const parsed = recommenderConfigSchema.safeParse(env);
    expect(parsed.error?.issues).toBeUndefined();
    expect(new URL(env.DATABASE_URL!).hostname).toBe(hostsEnv.STORES_ADDRESS);
    expect(redisOptionsFromUrl(env.REDIS_URL!)).toMatchObject({
      host: hostsEnv.STORES_ADDRESS,
      password: hostsEnv.REDIS_PASSWORD,
    });
    // The same queues and settings as the main host's replicas.
    const mainEnvOf = environmentOf(main.services.recommender!);
    for (const key of ['BULL_PREFIX', 'RECOMMENDER_PORT', 'RECOMMEND_CONCURRENCY'] as const) {
      expect(env[key]).toBe(mainEnvOf[key]);
    }
  });

  it('defines every variable the host files refer to in hosts.env.example', () => {
    const referenced = [STORES, RECOMMENDERS].flatMap((f) => [
      ...referencedVariables(readFileSync(f, 'utf8')),
    ]);
    expect(referenced.filter((v) => !(v in hostsEnv))).toEqual([]);
  });
});

describe('deploy/hosts with the Docker Compose CLI', () => {
  const plugin = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' });
  const cli = plugin.status === 0 ? ['docker', 'compose'] : ['docker-compose'];
  const installed = spawnSync(cli[0]!, [...cli.slice(1), 'version'], { encoding: 'utf8' });
  const viaCli = installed.status === 0 ? it : it.skip;
  const config = (envFile: string, files: string[]) =>
    spawnSync(
      cli[0]!,
      [...cli.slice(1), '--env-file', envFile, ...files.flatMap((f) => ['-f', f]), 'config'],
      { encoding: 'utf8', cwd: ROOT },
    );

  viaCli('merges stores.yml over docker-compose.yml', () => {
    const envFile = path.join(mkdtempSync(path.join(tmpdir(), 'hosts-')), 'main-host.env');
    writeFileSync(
      envFile,
      Object.entries(mainEnv)
        .map(([k, v]) => `${k}=${v}`)
        .join('\n'),
    );
    try {
      const result = config(envFile, [COMPOSE, STORES]);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout).toContain(`${hostsEnv.PRIVATE_ADDRESS}:6379:6379`);
    } finally {
      rmSync(envFile);
    }
  });

  viaCli('reads recommenders.yml on its own', () => {
    const result = config(HOSTS_ENV, [RECOMMENDERS]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});

describe('a Redis URL with a password', () => {
  let server: ChildProcess | undefined;
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const password = 'a-password-with:colons@and-at';
  const url = `redis://:${encodeURIComponent(password)}@127.0.0.1:${port}`;

  beforeAll(async () => {
    server = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--requirepass', password],
      { stdio: 'ignore' },
    );
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const probe = spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' });
      if (/NOAUTH|PONG/.test(probe.stdout)) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`redis-server did not start on port ${port}`);
  });

  afterAll(() => {
    server?.kill();
  });

  it("authenticates the services' clients, and a wrong one is refused", async () => {
    const client = new Redis({ ...redisOptionsFromUrl(url), lazyConnect: true });
    try {
      await client.connect();
      expect(await client.ping()).toBe('PONG');
    } finally {
      client.disconnect();
    }
    const wrong = new Redis({
      ...redisOptionsFromUrl(`redis://:nope@127.0.0.1:${port}`),
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    try {
      const refused = await new Promise<Error>((resolve) => wrong.once('error', resolve));
      expect(refused.message).toMatch(/WRONGPASS/);
    } finally {
      wrong.disconnect();
    }
  });
});
