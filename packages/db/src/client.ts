import { PrismaPg } from '@prisma/adapter-pg';
import { Pool, type PoolClient } from 'pg';
import { PrismaClient } from './generated/prisma/client';

export type Db = PrismaClient;

export interface CreateDbOptions {
  poolSize?: number;
  /** Told about each pooled connection that breaks (e.g. Postgres restarting). */
  onConnectionError?: (error: Error) => void;
}

/** Longer than anything the adapter does with a connection after it broke. */
const BROKEN_CONNECTION_GRACE_MS = 10_000;

/** A Prisma client on the pg driver adapter (no query-engine binary). */
export function createDb(databaseUrl: string, options: CreateDbOptions = {}): Db {
  const pool = new Pool({ connectionString: databaseUrl, max: options.poolSize ?? 10 });
  // pg emits 'error' on a connection the server ends (restart, admin shutdown). pg-pool only
  // listens while a connection is idle or, once, during its own query; a second error, or one
  // on a connection checked out between queries, had no listener and ended the process. This
  // listener stays for the connection's life; the pool still drops the broken connection, and
  // the query that was using it fails where it was made.
  const checkedOut = new Set<PoolClient>();
  pool.on('acquire', (client) => checkedOut.add(client));
  pool.on('release', (_error, client) => checkedOut.delete(client));
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
