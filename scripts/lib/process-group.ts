/**
 * Starts the whole product as real processes on this machine, for the demo, the proof scripts,
 * the load benchmark and the browser tests: a database (created, migrated, MovieLens or
 * synthetic data imported), the trainer, N recommender replicas, the gateway and optionally
 * the web. Each process writes to its own log file (and, with `echo`, to this terminal with a
 * coloured prefix). Processes can be signalled, restarted and added while the process group runs.
 *
 * Needs the build output (`npm run build:node`, plus `npm run build -w services/web` for the web).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { generateSyntheticMovieLens, type SyntheticMovieLensOptions } from '@marquee/movielens';

export const ROOT = path.resolve(__dirname, '..', '..');

export type ServiceKind = 'trainer' | 'recommender' | 'gateway' | 'web';

export type ProcessGroupData =
  /** A MovieLens folder or zip; undefined: the import's own default (MOVIELENS_DIR, cache, download). */
  | { dir: string | undefined }
  | { synthetic: SyntheticMovieLensOptions }
  /** The database already holds data (e.g. a restart of a process group); nothing is imported. */
  | { none: true };

export interface ProcessGroupOptions {
  /** Shown in messages and used to name the log folder. */
  label: string;
  databaseUrl: string;
  redisUrl?: string;
  bullPrefix?: string;
  gatewayPort: number;
  /** The gateway's METRICS_PORT (GET /metrics is not on gatewayPort); default gatewayPort + 3. */
  gatewayMetricsPort?: number;
  trainerPort: number;
  /** Replica i (from 1) listens on recommenderBasePort + i. */
  recommenderBasePort: number;
  replicas: number;
  /** Starts `next start` on this port when set. */
  webPort?: number;
  data: ProcessGroupData;
  /** Drops the database first. */
  freshDatabase?: boolean;
  /** Extra environment for every service, then per kind. */
  env?: NodeJS.ProcessEnv;
  serviceEnv?: Partial<Record<ServiceKind, NodeJS.ProcessEnv>>;
  /** Default: a new temporary folder. */
  logDir?: string;
  /** Also print every process's output here, prefixed with its name. */
  echo?: boolean;
  /** Called when a process exits without having been asked to (signal(), restart(), stop()). */
  onUnexpectedExit?: (name: string, code: number | null, signal: NodeJS.Signals | null) => void;
  /** Progress messages; default: stderr. */
  log?: (message: string) => void;
}

export interface GroupProcess {
  name: string;
  kind: ServiceKind;
  port: number;
  child: ChildProcess;
  logFile: string;
  /** Resolves with the exit code or signal once the process has exited. */
  exited: Promise<number | NodeJS.Signals | null>;
}

const COLOURS = ['36', '35', '33', '32', '34', '31'];

export class ProcessGroup {
  readonly processes = new Map<string, GroupProcess>();
  readonly logDir: string;
  readonly gatewayUrl: string;
  /** Where the gateway's GET /metrics is (its metrics port, not gatewayUrl). */
  readonly gatewayMetricsUrl: string;
  readonly webUrl: string | null;
  private readonly expectedExits = new Set<GroupProcess>();
  private replicaCount = 0;
  private stopped = false;

  private constructor(readonly options: ProcessGroupOptions) {
    this.logDir =
      options.logDir ?? mkdtempSync(path.join(tmpdir(), `marquee-${options.label}-logs-`));
    mkdirSync(this.logDir, { recursive: true });
    this.gatewayUrl = `http://127.0.0.1:${options.gatewayPort}`;
    this.gatewayMetricsUrl = `http://127.0.0.1:${this.gatewayMetricsPort}`;
    this.webUrl = options.webPort ? `http://127.0.0.1:${options.webPort}` : null;
  }

  /** Prepares the database and starts every process; resolves when the gateway (and web) are ready. */
  static async start(options: ProcessGroupOptions): Promise<ProcessGroup> {
    const group = new ProcessGroup(options);
    try {
      await group.prepareDatabase();
      group.startService('trainer', 'trainer');
      for (let i = 0; i < options.replicas; i++) group.addReplica();
      group.startService('gateway', 'gateway');
      if (options.webPort) group.startService('web', 'web');
      await group.waitForHttp('gateway', `${group.gatewayUrl}/health/ready`, 60_000);
      if (group.webUrl) await group.waitForHttp('web', `${group.webUrl}/`, 60_000);
      return group;
    } catch (error) {
      await group.stop();
      throw error;
    }
  }

  get gatewayMetricsPort(): number {
    return this.options.gatewayMetricsPort ?? this.options.gatewayPort + 3;
  }

  private say(message: string): void {
    (this.options.log ?? ((m: string) => process.stderr.write(`[${this.options.label}] ${m}\n`)))(
      message,
    );
  }

  private async prepareDatabase(): Promise<void> {
    const { databaseUrl, data } = this.options;
    const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
    const server = new URL(databaseUrl);
    server.pathname = '/postgres';
    const admin = new Client({
      connectionString: server.toString(),
      connectionTimeoutMillis: 5000,
    });
    await admin.connect();
    try {
      if (this.options.freshDatabase) {
        this.say(`dropping database ${name}`);
        await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(name)} WITH (FORCE)`);
      }
      const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (!found.rowCount) await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`);
    } finally {
      await admin.end();
    }
    this.runToEnd('migrate', 'npm', ['run', '--silent', 'db:migrate']);
    if ('none' in data) return;
    const dir = 'dir' in data ? data.dir : this.writeSyntheticData(data.synthetic);
    const env = dir === undefined ? {} : { MOVIELENS_DIR: dir };
    this.runToEnd('import', process.execPath, ['packages/db/dist/cli/import-movielens.js'], env);
  }

  private writeSyntheticData(options: SyntheticMovieLensOptions): string {
    const dir = path.join(this.logDir, 'movielens');
    mkdirSync(dir, { recursive: true });
    const { files } = generateSyntheticMovieLens(options);
    for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text);
    return dir;
  }

  private runToEnd(label: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}) {
    this.say(`${label}: ${command} ${args.join(' ')}`);
    const result = spawnSync(command, args, {
      cwd: ROOT,
      env: { ...process.env, ...this.baseEnv(), ...env },
      encoding: 'utf8',
      stdio: this.options.echo ? 'inherit' : 'pipe',
    });
    if (result.status !== 0) {
      const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-20);
      throw new Error(
        `${label} failed (exit ${result.status ?? result.signal})${output.length ? `:\n${output.join('\n')}` : ''}`,
      );
    }
  }

  private baseEnv(): NodeJS.ProcessEnv {
    const { databaseUrl, redisUrl, bullPrefix } = this.options;
    return {
      DATABASE_URL: databaseUrl,
      ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
      ...(bullPrefix ? { BULL_PREFIX: bullPrefix } : {}),
    };
  }

  private commandOf(kind: ServiceKind, port: number): { args: string[]; env: NodeJS.ProcessEnv } {
    switch (kind) {
      case 'trainer':
        return { args: ['services/trainer/dist/main.js'], env: { TRAINER_PORT: String(port) } };
      case 'recommender':
        return {
          args: ['services/recommender/dist/main.js'],
          env: { RECOMMENDER_PORT: String(port) },
        };
      case 'gateway':
        return {
          args: ['services/gateway/dist/main.js'],
          env: {
            GATEWAY_PORT: String(port),
            METRICS_PORT: String(this.gatewayMetricsPort),
            METRICS_HOST: '127.0.0.1',
          },
        };
      case 'web':
        return {
          args: [
            path.join(ROOT, 'node_modules/next/dist/bin/next'),
            'start',
            'services/web',
            '-p',
            String(port),
          ],
          env: { GATEWAY_URL: this.gatewayUrl },
        };
    }
  }

  private portOf(kind: ServiceKind, replica = 0): number {
    const o = this.options;
    if (kind === 'trainer') return o.trainerPort;
    if (kind === 'gateway') return o.gatewayPort;
    if (kind === 'web') return o.webPort ?? 0;
    return o.recommenderBasePort + replica;
  }

  private startService(name: string, kind: ServiceKind, replica = 0): GroupProcess {
    const port = this.portOf(kind, replica);
    const { args, env } = this.commandOf(kind, port);
    const entry = args[0]!;
    if (!existsSync(path.resolve(ROOT, entry))) {
      throw new Error(`${entry} is missing: run \`npm run build\` first.`);
    }
    if (kind === 'web' && !existsSync(path.join(ROOT, 'services/web/.next/BUILD_ID'))) {
      throw new Error('The web is not built: run `npm run build -w services/web` first.');
    }
    const logFile = path.join(this.logDir, `${name}.log`);
    // STACK_NODE_ARGS: extra node flags for every service, e.g. `--cpu-prof --cpu-prof-dir=/tmp/p`
    // (not allowed in NODE_OPTIONS) to profile a benchmark's services.
    const nodeArgs = process.env.STACK_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
    const child = spawn(process.execPath, [...nodeArgs, ...args], {
      cwd: ROOT,
      env: {
        ...process.env,
        ...this.baseEnv(),
        ...this.options.env,
        ...this.options.serviceEnv?.[kind],
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const file = createWriteStream(logFile, { flags: 'a' });
    const colour = COLOURS[this.processes.size % COLOURS.length]!;
    const prefix = `\x1b[${colour}m${name.padEnd(13)}\x1b[0m| `;
    for (const stream of [child.stdout, child.stderr]) {
      let partial = '';
      stream?.on('data', (chunk: Buffer) => {
        file.write(chunk);
        if (!this.options.echo) return;
        const lines = (partial + chunk.toString()).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) process.stdout.write(prefix + line + '\n');
      });
    }
    const proc: GroupProcess = {
      name,
      kind,
      port,
      child,
      logFile,
      exited: new Promise((resolve) => {
        child.on('exit', (code, signal) => {
          file.end();
          resolve(code ?? signal);
          if (!this.expectedExits.has(proc) && !this.stopped) {
            this.options.onUnexpectedExit?.(name, code, signal);
          }
        });
      }),
    };
    this.processes.set(name, proc);
    return proc;
  }

  /** Starts one more recommender replica; returns its process name (recommender-N). */
  addReplica(): string {
    this.replicaCount += 1;
    const name = `recommender-${this.replicaCount}`;
    this.startService(name, 'recommender', this.replicaCount);
    return name;
  }

  get replicaNames(): string[] {
    return [...this.processes.values()]
      .filter((p) => p.kind === 'recommender' && p.child.exitCode === null && !p.child.signalCode)
      .map((p) => p.name);
  }

  get(name: string): GroupProcess {
    const proc = this.processes.get(name);
    if (!proc) throw new Error(`no process named ${name} in group ${this.options.label}`);
    return proc;
  }

  /** Sends a signal the caller meant to send (the exit is not reported as unexpected). */
  signal(name: string, signal: NodeJS.Signals): Promise<number | NodeJS.Signals | null> {
    const proc = this.get(name);
    this.expectedExits.add(proc);
    proc.child.kill(signal);
    return proc.exited;
  }

  /** Stops a process (SIGTERM, SIGKILL after graceMs) and starts it again under the same name. */
  async restart(name: string, graceMs = 10_000): Promise<GroupProcess> {
    const proc = this.get(name);
    await this.stopProcess(proc, graceMs);
    const replica = proc.kind === 'recommender' ? Number(name.split('-').pop()) : 0;
    const again = this.startService(name, proc.kind, replica);
    if (proc.kind === 'gateway') {
      await this.waitForHttp(name, `${this.gatewayUrl}/health/ready`, 60_000);
    }
    return again;
  }

  private async stopProcess(proc: GroupProcess, graceMs: number): Promise<void> {
    this.expectedExits.add(proc);
    if (proc.child.exitCode !== null || proc.child.signalCode) return;
    proc.child.kill('SIGTERM');
    const timer = setTimeout(() => proc.child.kill('SIGKILL'), graceMs);
    await proc.exited;
    clearTimeout(timer);
  }

  async waitForHttp(what: string, url: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
        if (response.ok) return;
        last = `HTTP ${response.status}`;
      } catch (error) {
        last = (error as Error).message;
      }
      await sleep(500);
    }
    throw new Error(
      `${what} was not ready at ${url} within ${timeoutMs / 1000} s (${last}); see ${this.logDir}`,
    );
  }

  /** The ACTIVE model version in the registry, or null. */
  async activeVersion(): Promise<number | null> {
    const client = new Client({ connectionString: this.options.databaseUrl });
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

  /** Waits until a version greater than `after` (default: any) is ACTIVE; returns it. */
  async waitForActiveModel(options: { after?: number; timeoutMs?: number } = {}): Promise<number> {
    const deadline = Date.now() + (options.timeoutMs ?? 10 * 60_000);
    const after = options.after ?? 0;
    while (Date.now() < deadline) {
      const version = await this.activeVersion().catch(() => null);
      if (version !== null && version > after) return version;
      await sleep(500);
    }
    throw new Error(`no model version above ${after} became active; see ${this.logDir}`);
  }

  /** Signals every running process at once, without waiting (for exits in a hurry). */
  killAll(signal: NodeJS.Signals): void {
    this.stopped = true;
    for (const p of this.processes.values()) {
      if (p.child.exitCode === null && !p.child.signalCode) p.child.kill(signal);
    }
  }

  /** Stops every process: SIGTERM, then SIGKILL after graceMs. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.processes.values()].map((p) => this.stopProcess(p, graceMs)));
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
