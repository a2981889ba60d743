/**
 * docker-compose.yml and the Dockerfile against the code: there is no Docker engine on the
 * development machines, so this checks that the file parses (with `docker compose config` too
 * when a Compose CLI is installed: v2, else v1's `docker-compose`) and that every service's entry
 * point, environment, ports and health check match what the service itself expects. The whole
 * process group is run by scripts/containers/rehearse-offline.sh (docs/containers.md).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PATH_METADATA } from '@nestjs/common/constants';
import type { DynamicModule, Type } from '@nestjs/common';
import { z } from 'zod';
import { GatewayHealthController, gatewayEnvSchema } from '@marquee/gateway';
import { RecommenderHealthModule, recommenderConfigSchema } from '@marquee/recommender';
import { TrainerHealthModule, trainerConfigSchema } from '@marquee/trainer';
import {
  InterpolationError,
  readComposeFile,
  readEnvFile,
  referencedVariables,
} from './compose-file';
import {
  type ComposeFile,
  type ComposeService,
  composeFile,
  environmentOf,
  parsePortMapping,
} from './compose-model';
import { type ImageConfig, imageConfig, readStages } from './dockerfile';

const ROOT = path.resolve(__dirname, '..', '..');
const COMPOSE = path.join(ROOT, 'docker-compose.yml');
const ENV_EXAMPLE = path.join(ROOT, '.env.example');
const LAUNCHER_SOURCE = readFileSync(path.join(ROOT, 'scripts/lib/process-group.ts'), 'utf8');

const exampleEnv = readEnvFile(ENV_EXAMPLE);
const compose: ComposeFile = composeFile.parse(readComposeFile(COMPOSE, exampleEnv));
const stages = readStages(path.join(ROOT, 'Dockerfile'));

function service(name: string): ComposeService {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no service ${name}`);
  return found;
}

function image(name: string): ImageConfig {
  const build = service(name).build;
  const target = typeof build === 'object' ? build.target : undefined;
  if (!target) throw new Error(`${name} is not built from a Dockerfile target`);
  return imageConfig(stages, target);
}

/** What a container of the service runs: compose's command, else the image's CMD. */
function commandOf(name: string): string[] {
  const command = service(name).command;
  if (typeof command === 'string') return command.split(/\s+/);
  return command ?? image(name).cmd ?? [];
}

/** The environment a container of the service sees: the image's ENV, then compose's. */
function containerEnv(name: string): Record<string, string> {
  return { ...image(name).env, ...environmentOf(service(name)) };
}

/** The keys of a zod object schema, also when it is wrapped in transforms and checks. */
function schemaKeys(schema: z.ZodType): string[] {
  let current: unknown = schema;
  for (let depth = 0; depth < 10; depth++) {
    if (current instanceof z.ZodObject) return Object.keys(current.shape);
    const def = (current as { _zod: { def: { in?: unknown; schema?: unknown } } })._zod.def;
    current = def.in ?? def.schema;
  }
  throw new Error('not an object schema');
}

/** A compiled entry point (services/x/dist/a/b.js) -> its TypeScript source, per the tsconfig. */
function sourceOfEntryPoint(entry: string): string {
  const m = /^((?:packages|services)\/[^/]+)\/dist\/(.+)\.js$/.exec(entry);
  if (!m) throw new Error(`${entry} is not a workspace's dist/*.js file`);
  const workspace = m[1]!;
  const tsconfig = JSON.parse(
    readFileSync(path.join(ROOT, workspace, 'tsconfig.json'), 'utf8'),
  ) as { compilerOptions?: { rootDir?: string; outDir?: string } };
  expect(tsconfig.compilerOptions).toMatchObject({ rootDir: 'src', outDir: 'dist' });
  return path.join(ROOT, workspace, 'src', `${m[2]!}.ts`);
}

/** `node -e "fetch('http://127.0.0.1:4000/health/ready')..."` -> the URL it probes. */
function healthcheckUrl(name: string): URL {
  const test = service(name).healthcheck?.test;
  const text = Array.isArray(test) ? test.join(' ') : (test ?? '');
  const m = /fetch\(["']([^"']+)["']\)/.exec(text);
  if (!m) throw new Error(`${name}'s health check does not fetch a URL: ${text}`);
  return new URL(m[1]!);
}

/** The path a Nest controller method answers: @Controller path + method path. */
function routeOf(controller: Type, method: string): string {
  const base = String(Reflect.getMetadata(PATH_METADATA, controller));
  const handler = (controller.prototype as Record<string, unknown>)[method];
  const sub = String(Reflect.getMetadata(PATH_METADATA, handler as object));
  return `/${base}/${sub}`.replace(/\/+/g, '/');
}

function controllerOf(module: DynamicModule): Type {
  const controller = module.controllers?.[0];
  if (!controller) throw new Error('the health module has no controller');
  return controller;
}

const NODE_SERVICES = {
  trainer: {
    schema: trainerConfigSchema,
    portVariable: 'TRAINER_PORT',
    health: controllerOf(TrainerHealthModule),
  },
  recommender: {
    schema: recommenderConfigSchema,
    portVariable: 'RECOMMENDER_PORT',
    health: controllerOf(RecommenderHealthModule),
  },
  gateway: {
    schema: gatewayEnvSchema,
    portVariable: 'GATEWAY_PORT',
    health: GatewayHealthController,
  },
} as const;
type NodeService = keyof typeof NODE_SERVICES;
const NODE_SERVICE_NAMES = Object.keys(NODE_SERVICES) as NodeService[];

/**
 * A Compose CLI, if one is installed: `docker compose` (v2 plugin), else `docker-compose` (a v2
 * binary, or v1 1.x, which reads this file too since it has no top-level `name:`).
 */
function composeCli(): { command: string[]; version: string } | { skip: string } {
  const plugin = spawnSync('docker', ['compose', 'version', '--short'], { encoding: 'utf8' });
  if (plugin.status === 0) return { command: ['docker', 'compose'], version: plugin.stdout.trim() };
  const standalone = spawnSync('docker-compose', ['version', '--short'], { encoding: 'utf8' });
  if (standalone.status === 0)
    return { command: ['docker-compose'], version: standalone.stdout.trim() };
  return {
    skip: 'no Compose CLI: neither `docker compose` (v2 plugin) nor `docker-compose` (v1 or v2) is installed',
  };
}

describe('docker-compose.yml', () => {
  const cli = composeCli();
  const viaCli = 'command' in cli ? it : it.skip;
  viaCli(
    'skip' in cli
      ? `parses with the Docker Compose CLI (skipped: ${cli.skip})`
      : `parses with the Docker Compose CLI (${cli.command.join(' ')} ${cli.version})`,
    () => {
      if (!('command' in cli)) return;
      const [bin, ...args] = cli.command;
      const result = spawnSync(
        bin!,
        [...args, '--env-file', ENV_EXAMPLE, '-f', COMPOSE, 'config', '--quiet'],
        { encoding: 'utf8', cwd: ROOT },
      );
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
    },
  );

  it('names the project in .env, not with a top-level name: (Compose v1 refuses it)', () => {
    const withName = { ...(readComposeFile(COMPOSE, exampleEnv) as object), name: 'marquee' };
    expect(composeFile.safeParse(withName).error?.issues.map((i) => i.message)).toEqual([
      expect.stringMatching(/COMPOSE_PROJECT_NAME/),
    ]);
    // Volumes and containers stay marquee_pgdata, marquee_gateway_1, ...
    expect(exampleEnv.COMPOSE_PROJECT_NAME).toBe('marquee');
  });

  it('has the product services and nothing else', () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      ['gateway', 'postgres', 'recommender', 'redis', 'setup', 'trainer', 'web'].sort(),
    );
  });

  it('needs the secrets: without .env it does not interpolate', () => {
    expect(() => readComposeFile(COMPOSE, {})).toThrow(InterpolationError);
    expect(() => readComposeFile(COMPOSE, { ...exampleEnv, COOKIE_SECRET: '' })).toThrow(
      /COOKIE_SECRET: set COOKIE_SECRET in \.env/,
    );
  });

  it('publishes only the web and the gateway, and the recommender can be scaled', () => {
    const published = Object.entries(compose.services)
      .filter(([, s]) => (s.ports ?? []).length > 0)
      .map(([name]) => name)
      .sort();
    expect(published).toEqual(['gateway', 'web']);
    const recommender = service('recommender');
    expect(recommender.container_name).toBeUndefined();
    expect(recommender.ports).toBeUndefined();
    expect(Object.values(compose.services).every((s) => s.container_name === undefined)).toBe(true);
  });

  it("keeps the gateway's /metrics off the published port: its own METRICS_PORT, unpublished", () => {
    const env = containerEnv('gateway');
    const metricsPort = Number(env.METRICS_PORT);
    expect(metricsPort).toBeGreaterThan(0);
    expect(metricsPort).not.toBe(Number(env.GATEWAY_PORT));
    const published = (service('gateway').ports ?? []).map((p) => parsePortMapping(p).container);
    expect(published).toEqual([Number(env.GATEWAY_PORT)]);
    expect(service('gateway').expose?.map(Number)).toEqual([metricsPort]);
    // The config the gateway boots with serves metrics there (not on the public port).
    const config = gatewayEnvSchema.parse(env);
    expect(config.metrics.port).toBe(metricsPort);
    expect(config.security.trustProxy).toBe(false);
  });

  it('runs Postgres and Redis with volumes and health checks, Redis with noeviction and AOF', () => {
    for (const name of ['postgres', 'redis']) {
      expect(service(name).volumes?.length).toBeGreaterThan(0);
      expect(service(name).healthcheck).toBeDefined();
    }
    const redisCommand = commandOf('redis').join(' ');
    expect(redisCommand).toMatch(/--maxmemory-policy noeviction/);
    expect(redisCommand).toMatch(/--appendonly yes/);
    expect(JSON.stringify(service('postgres').healthcheck?.test)).toMatch(/pg_isready/);
    expect(JSON.stringify(service('redis').healthcheck?.test)).toMatch(/redis-cli ping/);
  });

  it('starts in order through health checks', () => {
    const ready = { condition: 'service_healthy' };
    for (const name of NODE_SERVICE_NAMES) {
      expect(service(name).depends_on).toEqual({
        postgres: ready,
        redis: ready,
        setup: { condition: 'service_completed_successfully' },
      });
    }
    expect(service('setup').depends_on).toEqual({ postgres: ready });
    expect(service('web').depends_on).toEqual({ gateway: ready });
    // A service others wait on being healthy must have a health check.
    for (const s of Object.values(compose.services)) {
      const deps = s.depends_on && !Array.isArray(s.depends_on) ? s.depends_on : {};
      for (const [dep, { condition }] of Object.entries(deps)) {
        if (condition === 'service_healthy') expect(service(dep).healthcheck).toBeDefined();
      }
    }
  });

  it('runs every Node service as a non-root user', () => {
    for (const name of [...NODE_SERVICE_NAMES, 'web', 'setup']) {
      const user = service(name).user ?? image(name).user;
      expect([name, user]).toEqual([name, expect.stringMatching(/^(?!root$|0$|0:).+/)]);
    }
  });
});

describe('entry points', () => {
  it('the trainer, recommenders and gateway run their compiled main.js, as the process group does', () => {
    for (const name of NODE_SERVICE_NAMES) {
      const [node, entry, ...rest] = commandOf(name);
      expect([name, node, rest]).toEqual([name, 'node', []]);
      expect(entry).toBe(`services/${name}/dist/main.js`);
      expect(existsSync(sourceOfEntryPoint(entry!))).toBe(true);
      expect(LAUNCHER_SOURCE).toContain(`'${entry!}'`);
    }
  });

  it('the web runs `next start` on the port it publishes, as the process group does', () => {
    const [node, nextBin, start, dir, portFlag, port] = commandOf('web');
    expect([node, start, dir, portFlag]).toEqual(['node', 'start', 'services/web', '-p']);
    expect(existsSync(path.join(ROOT, nextBin!))).toBe(true);
    expect(LAUNCHER_SOURCE).toContain(`'${nextBin!}'`);
    const webPackage = JSON.parse(
      readFileSync(path.join(ROOT, 'services/web/package.json'), 'utf8'),
    ) as { dependencies: Record<string, string> };
    expect(webPackage.dependencies.next).toBeDefined();
    expect(
      service('web')
        .ports?.map(parsePortMapping)
        .map((p) => p.container),
    ).toEqual([Number(port)]);
    expect(healthcheckUrl('web').port).toBe(port);
  });

  it('setup migrates with the npm script and imports with the compiled CLI, as the process group does', () => {
    const command = commandOf('setup').join(' ');
    const scripts = (
      JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
        scripts: Record<string, string>;
      }
    ).scripts;
    const npmScripts = [...command.matchAll(/npm run (?:--silent )?([\w:-]+)/g)].map((m) => m[1]!);
    expect(npmScripts).toEqual(['db:migrate']);
    expect(scripts['db:migrate']).toBeDefined();
    expect(LAUNCHER_SOURCE).toContain("'db:migrate'");
    const entries = [...command.matchAll(/node (\S+\.js)/g)].map((m) => m[1]!);
    expect(entries).toEqual(['packages/db/dist/cli/import-movielens.js']);
    expect(existsSync(sourceOfEntryPoint(entries[0]!))).toBe(true);
    expect(LAUNCHER_SOURCE).toContain(`'${entries[0]!}'`);
  });

  it('caches the MovieLens download in a volume', () => {
    const cacheDir = containerEnv('setup').MOVIELENS_CACHE_DIR;
    expect(cacheDir).toBeDefined();
    const mounts = (service('setup').volumes ?? []).map((v) => v.split(':')[1]!);
    expect(mounts.some((m) => cacheDir!.startsWith(m))).toBe(true);
  });
});

describe.each(NODE_SERVICE_NAMES)('%s environment and ports', (name) => {
  const { schema, portVariable, health } = NODE_SERVICES[name];

  it('sets only variables its config schema knows, and the schema accepts them', () => {
    const composed = environmentOf(service(name));
    const unknown = Object.keys(composed).filter((k) => !schemaKeys(schema).includes(k));
    expect(unknown).toEqual([]);
    // The image's ENV too (NODE_ENV is read by Node and Nest, not only by the schemas).
    const env = containerEnv(name);
    const parsed = schema.safeParse(env);
    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  it('listens where its health check and the image say, and the check hits /health/ready', () => {
    const port = containerEnv(name)[portVariable];
    expect(port).toMatch(/^\d+$/);
    expect(image(name).expose).toEqual([Number(port)]);
    const url = healthcheckUrl(name);
    expect([url.hostname, url.port, url.pathname]).toEqual(['127.0.0.1', port, '/health/ready']);
    expect(routeOf(health, 'ready')).toBe('/health/ready');
    for (const mapping of service(name).ports ?? []) {
      expect(parsePortMapping(mapping).container).toBe(Number(port));
    }
  });
});

describe('variables read outside the services’ schemas', () => {
  /** Every variable set is read by name in the code that runs there. */
  function expectReadBy(name: string, sources: string[]): void {
    const code = sources.map((file) => readFileSync(path.join(ROOT, file), 'utf8')).join('\n');
    for (const variable of Object.keys(containerEnv(name))) {
      if (
        [
          'NODE_ENV',
          'NEXT_TELEMETRY_DISABLED',
          'CHECKPOINT_DISABLE',
          'PRISMA_HIDE_UPDATE_MESSAGE',
        ].includes(variable)
      )
        continue;
      expect([variable, code.includes(variable)]).toEqual([variable, true]);
    }
  }

  it('setup: the import reads DATABASE_URL and MOVIELENS_*', () => {
    expectReadBy('setup', [
      'packages/db/src/cli/import-movielens.ts',
      'packages/movielens/src/load.ts',
      'prisma.config.ts',
    ]);
  });

  it('web: the /api proxy reads GATEWAY_URL', () => {
    expectReadBy('web', ['services/web/src/lib/gateway-proxy.ts']);
    expect(environmentOf(service('web')).GATEWAY_URL).toBe(
      `http://gateway:${containerEnv('gateway').GATEWAY_PORT}`,
    );
  });
});

describe('.env.example', () => {
  const documented = readFileSync(ENV_EXAMPLE, 'utf8');

  it('defines every variable docker-compose.yml refers to', () => {
    const missing = [...referencedVariables(readFileSync(COMPOSE, 'utf8'))].filter(
      (v) => !(v in exampleEnv),
    );
    expect(missing).toEqual([]);
  });

  it("documents every variable of every service's config schema", () => {
    const keys = NODE_SERVICE_NAMES.flatMap((name) => schemaKeys(NODE_SERVICES[name].schema));
    const missing = [...new Set(keys)].filter((k) => !new RegExp(`\\b${k}=`).test(documented));
    expect(missing).toEqual([]);
  });
});
