import { PrismaPg } from '@prisma/adapter-pg';
import { Client, type ClientConfig, Pool, type PoolClient } from 'pg';
import { PrismaClient } from './generated/prisma/client';

export type Db = PrismaClient;

export interface CreateDbOptions {
  poolSize?: number;
  /**
   * How long opening a connection may take (a server that accepts connections but never
   * answers, e.g. stopped with SIGSTOP). Unset: for ever.
   */
  connectTimeoutMs?: number;
  /**
   * How long a query waits for its answer, and for a free connection when the pool is full,
   * before it fails (a server that stopped answering; its connection is then dropped). Unset:
   * for ever.
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
  const pool = new Pool({
    connectionString: databaseUrl,
    max: options.poolSize ?? 10,
    ...(queryTimeoutMs === undefined
      ? {}
      : { query_timeout: queryTimeoutMs, connectionTimeoutMillis: queryTimeoutMs }),
    // The pool's connectionTimeoutMillis bounds the wait for a free connection too; opening one
    // gets its own, shorter limit, on the connection itself.
    ...(connectTimeoutMs === undefined
      ? {}
      : {
          Client: class extends Client {
            constructor(config?: string | ClientConfig) {
              super({
                ...(typeof config === 'string' ? { connectionString: config } : config),
                connectionTimeoutMillis: connectTimeoutMs,
              });
            }
          },
        }),
  });
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
