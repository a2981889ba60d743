import type { ClientBase } from 'pg';

/**
 * The keys and indexes of `ratings` that a bulk load into the empty table drops and builds
 * again afterwards: building a b-tree once from sorted data, and checking a foreign key with one
 * join, is much faster than keeping them up to date row by row (and firing two foreign-key
 * triggers per row). Each is taken from the catalog, not written here, so what is rebuilt is
 * exactly what the migrations made: same names, same definitions (no drift for Prisma).
 */
export interface RatingsKeys {
  /** Primary key and unique constraints, then foreign keys: `ALTER TABLE ... ADD CONSTRAINT`. */
  constraints: { name: string; definition: string; foreign: boolean }[];
  /** Indexes that back no constraint: `CREATE INDEX ...` statements as pg_get_indexdef gives. */
  indexes: { name: string; definition: string }[];
}

const TABLE = 'ratings';

/** Reads the definitions, then drops them. Takes an ACCESS EXCLUSIVE lock on ratings. */
export async function dropRatingsKeys(client: ClientBase): Promise<RatingsKeys> {
  const constraints = await client.query<RatingsKeys['constraints'][number]>(
    `SELECT conname AS name, pg_get_constraintdef(oid) AS definition, contype = 'f' AS "foreign"
     FROM pg_constraint
     WHERE conrelid = $1::regclass AND contype IN ('p', 'u', 'f')
     ORDER BY contype = 'f', conname`,
    [TABLE],
  );
  const indexes = await client.query<{ name: string; definition: string }>(
    `SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS definition
     FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
     WHERE i.indrelid = $1::regclass
       AND NOT EXISTS (SELECT 1 FROM pg_constraint k
                       WHERE k.conrelid = i.indrelid AND k.conindid = i.indexrelid)
     ORDER BY c.relname`,
    [TABLE],
  );
  const keys: RatingsKeys = { constraints: constraints.rows, indexes: indexes.rows };
  for (const { name } of [...keys.constraints].reverse()) {
    await client.query(`ALTER TABLE ${TABLE} DROP CONSTRAINT ${client.escapeIdentifier(name)}`);
  }
  for (const { name } of keys.indexes) {
    await client.query(`DROP INDEX ${client.escapeIdentifier(name)}`);
  }
  return keys;
}

/**
 * Builds them again: primary key and unique constraints first (a duplicate fails there), then
 * the other indexes, then the foreign keys (each checked with one query over the table).
 * `onBuilt` hears of each one as it is done, with its duration.
 */
export async function restoreRatingsKeys(
  client: ClientBase,
  keys: RatingsKeys,
  onBuilt: (name: string, seconds: number) => void,
): Promise<void> {
  const timed = async (name: string, sql: string) => {
    const started = Date.now();
    await client.query(sql);
    onBuilt(name, (Date.now() - started) / 1000);
  };
  const add = ({ name, definition }: { name: string; definition: string }) =>
    timed(
      name,
      `ALTER TABLE ${TABLE} ADD CONSTRAINT ${client.escapeIdentifier(name)} ${definition}`,
    );
  for (const constraint of keys.constraints) if (!constraint.foreign) await add(constraint);
  for (const { name, definition } of keys.indexes) await timed(name, definition);
  for (const constraint of keys.constraints) if (constraint.foreign) await add(constraint);
}
