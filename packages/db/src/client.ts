import { PrismaPg } from '@prisma/adapter-pg';
import { Pool, type PoolClient, type PoolConfig } from 'pg';
import { PrismaClient } from './generated/prisma/client';

export type Db = PrismaClient;

export interface CreateDbOptions {
  poolSize?: number;
  /**
   * How long a connection attempt may wait for a server that accepted it and does not answer
   * (e.g. stopped with SIGSTOP) before it is given up. Unset: for ever. The attempt is kept when
   * the caller that started it stops waiting (queryTimeoutMs): it is the pool's way back to the
   * server, and an attempt given up while the server is stopped still waits in the server's
   * queue of connections, which the server works through, in order, before the live ones once
   * it runs again. Keep it longer than the outages the pool should recover from at once.
   */
  connectTimeoutMs?: number;
  /**
   * How long a query waits for its answer, and a caller for a connection (a free one, or one
   * being opened), before it fails (a server that stopped answering; a connection whose query
   * got no answer is then dropped). Unset: for ever.
   */
  queryTimeoutMs?: number;
  /** Told about each pooled connection that breaks (e.g. Postgres restarting). */
  onConnectionError?: (error: Error) => void;
}

/** Longer than anything the adapter does with a connection after it broke. */
const BROKEN_CONNECTION_GRACE_MS = 10_000;
/** Added to the longest a transaction can legitimately hold a connection (see reclaimAbandoned). */
const LEASE_MARGIN_MS = 1_000;

/** A Prisma client on the pg driver adapter (no query-engine binary). */
export function createDb(databaseUrl: string, options: CreateDbOptions = {}): Db {
  const { connectTimeoutMs, queryTimeoutMs } = options;
  const pool = new WaitLimitedPool(
    {
      connectionString: databaseUrl,
      max: options.poolSize ?? 10,
      ...(queryTimeoutMs === undefined ? {} : { query_timeout: queryTimeoutMs }),
      // pg-pool applies this to opening a connection (and to waiting for a free one, which
      // WaitLimitedPool bounds by queryTimeoutMs instead).
      ...(connectTimeoutMs === undefined ? {} : { connectionTimeoutMillis: connectTimeoutMs }),
    },
    queryTimeoutMs,
  );
  // pg emits 'error' on a connection the server ends (restart, admin shutdown). pg-pool only
  // listens while a connection is idle or, once, during its own query; a second error, or one
  // on a connection checked out between queries, had no listener and ended the process. This
  // listener stays for the connection's life; the pool still drops the broken connection, and
  // the query that was using it fails where it was made.
  const checkedOut = new Set<PoolClient>();
  pool.on('acquire', (client) => checkedOut.add(client));
  pool.on('release', (_error, client) => checkedOut.delete(client));
  if (queryTimeoutMs !== undefined) {
    reclaimAbandoned(pool, checkedOut, 2 * queryTimeoutMs + LEASE_MARGIN_MS);
  }
  pool.on('connect', (client) => {
    let evicting = false;
    client.on('error', (error: Error) => {
      options.onConnectionError?.(error);
      if (evicting) return;
      evicting = true;
      // The Prisma adapter does not always give back a connection that broke inside a
      // transaction, and pool.end() (disconnect, shutdown) would wait for it for ever. One
      // still out after the grace period is released as broken, which removes it.
      setTimeout(() => {
        if (checkedOut.has(client)) client.release(error);
      }, BROKEN_CONNECTION_GRACE_MS).unref();
    });
  });
  pool.on('error', (error: Error) => options.onConnectionError?.(error));
  const adapter = new PrismaPg(pool, { disposeExternalPool: true });
  return new PrismaClient({ adapter });
}

/**
 * When a query inside a transaction gets no answer (queryTimeoutMs), Prisma's ROLLBACK fails the
 * same way and the adapter never gives the connection back: each such transaction would hold a
 * pool slot for good, until a server that stopped answering for a while has left the pool with
 * none. A transaction holds its connection for at most its timeout (no longer than a query may
 * wait, when queryTimeoutMs is set) plus one more query to end it; a connection still out after
 * `leaseMs` has been abandoned, and is released as broken, which removes it.
 */
function reclaimAbandoned(pool: Pool, checkedOut: Set<PoolClient>, leaseMs: number): void {
  const leases = new Map<PoolClient, NodeJS.Timeout>();
  pool.on('acquire', (client) => {
    const lease = setTimeout(() => {
      leases.delete(client);
      if (checkedOut.has(client)) client.release(new Error(`not released within ${leaseMs} ms`));
    }, leaseMs);
    lease.unref();
    leases.set(client, lease);
  });
  pool.on('release', (_error, client) => {
    clearTimeout(leases.get(client));
    leases.delete(client);
  });
}

/**
 * A pg Pool whose callers wait at most `waitMs` for a connection, whatever they wait for: a
 * free one, or the one opened for them. A caller that stops waiting gives up only its place:
 * the connection being opened for it goes on opening (within connectionTimeoutMillis) and, once
 * open, serves the next caller. pg-pool alone bounds both waits with one setting, so a short
 * wait meant giving up connection attempts, which a stopped server keeps queued (see
 * CreateDbOptions.connectTimeoutMs).
 */
class WaitLimitedPool extends Pool {
  constructor(
    config: PoolConfig,
    private readonly waitMs: number | undefined,
  ) {
    super(config);
  }

  override connect(): Promise<PoolClient>;
  override connect(
    callback: (
      err: Error | undefined,
      client: PoolClient | undefined,
      done: (release?: unknown) => void,
    ) => void,
  ): void;
  override connect(
    callback?: (
      err: Error | undefined,
      client: PoolClient | undefined,
      done: (release?: unknown) => void,
    ) => void,
  ): Promise<PoolClient> | void {
    const waitMs = this.waitMs;
    const connected =
      waitMs === undefined
        ? super.connect()
        : new Promise<PoolClient>((resolve, reject) => {
            let waiting = true;
            const timer = setTimeout(() => {
              waiting = false;
              reject(new Error('timeout exceeded when trying to connect'));
            }, waitMs);
            timer.unref();
            super.connect((err, client) => {
              clearTimeout(timer);
              if (waiting) {
                if (client) resolve(client);
                else reject(err ?? new Error('no connection'));
              } else {
                // Nobody waits for it any more: back to the pool, for the next caller. Not from
                // here: pg-pool would hand it, in this same call, to the next caller in its queue,
                // which may have given up too, and so on, one stack frame deeper for each.
                if (client) queueMicrotask(() => client.release());
              }
            });
          });
    if (!callback) return connected;
    connected.then(
      (client) =>
        callback(undefined, client, (release?: unknown) => client.release(release as Error)),
      (err: Error) => callback(err, undefined, () => undefined),
    );
  }
}
