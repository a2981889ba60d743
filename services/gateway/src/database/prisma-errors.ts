/**
 * True for a foreign key that failed, e.g. a movie deleted mid-write: Prisma's P2003, or a raw
 * query's failure (P2010) whose driver error is SQLSTATE 23503.
 */
export function isForeignKeyViolation(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const { code, meta } = err as { code?: unknown; meta?: unknown };
  if (code === 'P2003') return true;
  const cause = (
    meta as { driverAdapterError?: { cause?: { originalCode?: unknown } } } | undefined
  )?.driverAdapterError?.cause;
  return code === 'P2010' && cause?.originalCode === '23503';
}

/** True for a unique constraint that failed: Prisma's P2002, or a raw query's SQLSTATE 23505. */
export function isUniqueViolation(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const { code, meta } = err as { code?: unknown; meta?: unknown };
  if (code === 'P2002') return true;
  const cause = (
    meta as { driverAdapterError?: { cause?: { originalCode?: unknown } } } | undefined
  )?.driverAdapterError?.cause;
  return code === 'P2010' && cause?.originalCode === '23505';
}

/** Prisma's codes for a database it cannot reach or lost (P1001 unreachable, P1017 closed...). */
const UNREACHABLE_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
/** The pg driver adapter's kinds for the same. */
const UNREACHABLE_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
]);

/**
 * True when a query failed because Postgres is unreachable or going away (restarting, shutting
 * down, connection dropped), not because of the query: the caller may answer 503 and retry.
 * SQLSTATE classes 08 (connection exception) and 57P (operator intervention: shutdown, crash).
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const { code, meta, message, name } = err as {
    code?: unknown;
    meta?: unknown;
    message?: unknown;
    name?: unknown;
  };
  if (typeof code === 'string' && UNREACHABLE_CODES.has(code)) return true;
  // Wrapped in a Prisma error (meta.driverAdapterError), or the adapter's error itself, which
  // some paths (queries in a transaction, on a connection that just died) throw unwrapped.
  const adapterError =
    name === 'DriverAdapterError'
      ? (err as { cause?: Record<string, unknown> })
      : (meta as { driverAdapterError?: { cause?: Record<string, unknown> } } | undefined)
          ?.driverAdapterError;
  const cause = adapterError?.cause;
  if (cause) {
    if (typeof cause.kind === 'string' && UNREACHABLE_KINDS.has(cause.kind)) return true;
    const sqlState = cause.originalCode;
    if (typeof sqlState === 'string' && /^(08|57P)/.test(sqlState)) return true;
  }
  // Raw queries, and pg's own errors (which the adapter passes on as they are), report the
  // driver's message only.
  return typeof message === 'string' && PG_UNAVAILABLE_MESSAGES.test(message);
}

/**
 * pg's texts for a connection that dropped, could not be opened or got no answer in time (its
 * connectionTimeoutMillis, "timeout expired", the pool's, and query_timeout: a server that
 * stopped answering).
 */
const PG_UNAVAILABLE_MESSAGES = new RegExp(
  [
    "Can't reach database server",
    'Connection terminated',
    'the database system is (starting up|shutting down)',
    'terminating connection due to administrator command',
    'Client has encountered a connection error',
    'Client was closed and is not queryable',
    'timeout expired',
    'timeout exceeded when trying to connect',
    'Query read timeout',
  ].join('|'),
);

/**
 * isDatabaseUnavailable, or an interactive transaction that could not start or finish in the
 * time it was given (P2028): worth trying again while the request's deadline allows.
 */
export function isTransientDatabaseError(err: unknown): boolean {
  return (
    isDatabaseUnavailable(err) ||
    (typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'P2028')
  );
}
