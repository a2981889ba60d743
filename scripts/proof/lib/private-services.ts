/**
 * A private Postgres server for the fault proof, so it can restart it without touching the
 * shared one: a cluster on 5440 made with initdb under /tmp (run as the `postgres` user when this
 * script runs as root, as initdb requires). Its private Redis is PrivateRedis from
 * packages/nest-common/src/testing (imported by path: scripts run from source under tsx).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, chownSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';

export class PrivatePostgres {
  readonly dataDir: string;
  readonly socketDir: string;
  constructor(
    readonly port = 5440,
    root = '/tmp/marquee-proof-pg',
  ) {
    this.dataDir = `${root}/data`;
    this.socketDir = `${root}/run`;
  }

  /** The server URL for database `name`. */
  url(name: string): string {
    return `postgresql://postgres@127.0.0.1:${this.port}/${name}`;
  }

  private run(command: string, args: string[]): void {
    const asPostgres = userInfo().uid === 0;
    const result = asPostgres
      ? spawnSync('runuser', ['-u', 'postgres', '--', command, ...args], { encoding: 'utf8' })
      : spawnSync(command, args, { encoding: 'utf8' });
    if (result.status !== 0) {
      throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr || result.stdout}`);
    }
  }

  async start(): Promise<void> {
    for (const dir of [this.dataDir, this.socketDir]) {
      mkdirSync(dir, { recursive: true });
      if (userInfo().uid === 0) chownSync(dir, uidOf('postgres'), gidOf('postgres'));
    }
    if (!existsSync(`${this.dataDir}/PG_VERSION`)) {
      this.run('initdb', ['-D', this.dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8']);
    }
    const options = `-p ${this.port} -c listen_addresses=127.0.0.1 -k ${this.socketDir}`;
    this.run('pg_ctl', [
      '-D',
      this.dataDir,
      '-o',
      options,
      '-l',
      `${this.dataDir}/server.log`,
      '-w',
      'start',
    ]);
  }

  /**
   * Stops every process of the server in its tracks (SIGSTOP: the postmaster and each backend),
   * so connections stay open and nothing answers, as with a hung host. resume() lets them go on.
   */
  pause(): void {
    const server = this.serverPid();
    for (const pid of [...childPids(server), server]) process.kill(pid, 'SIGSTOP');
  }

  resume(): void {
    const server = this.serverPid();
    for (const pid of [server, ...childPids(server)]) process.kill(pid, 'SIGCONT');
  }

  private serverPid(): number {
    const pid = Number(readFileSync(`${this.dataDir}/postmaster.pid`, 'utf8').split('\n')[0]);
    if (!Number.isInteger(pid) || pid <= 0) throw new Error('the private Postgres is not running');
    return pid;
  }

  /** pg_ctl stop -m fast: active connections are cut, as in a restart. */
  async stop(): Promise<void> {
    if (!existsSync(`${this.dataDir}/postmaster.pid`)) return;
    this.run('pg_ctl', ['-D', this.dataDir, '-m', 'fast', '-w', 'stop']);
  }
}

function childPids(parent: number): number[] {
  const out = spawnSync('pgrep', ['-P', String(parent)], { encoding: 'utf8' }).stdout;
  return out.split('\n').filter(Boolean).map(Number);
}

function uidOf(user: string): number {
  return Number(spawnSync('id', ['-u', user], { encoding: 'utf8' }).stdout.trim());
}
function gidOf(user: string): number {
  return Number(spawnSync('id', ['-g', user], { encoding: 'utf8' }).stdout.trim());
}
