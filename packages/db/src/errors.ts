/** What went wrong, for callers that map domain errors to HTTP or exit codes. */
export type DbErrorCode =
  /** No model version with that number. */
  | 'MODEL_NOT_FOUND'
  /** The version exists but is not in a state that allows the operation (e.g. activating a TRAINING one). */
  | 'MODEL_NOT_READY'
  /** publish on a version that is no longer TRAINING (already published or failed). */
  | 'MODEL_NOT_TRAINING'
  /** The version has no stored artifact (it was never published). */
  | 'ARTIFACT_NOT_FOUND'
  /** The checksum given to publish is not the sha256 of the artifact bytes. */
  | 'CHECKSUM_MISMATCH'
  /** Metrics or a data snapshot that do not match their schema (ModelMetrics, ModelDataSnapshot). */
  | 'INVALID_METRICS'
  /** MovieLens data that cannot be imported (bad rating, rating of an unknown movie, ...). */
  | 'INVALID_IMPORT_DATA'
  /** The database has not been migrated. */
  | 'SCHEMA_MISSING';

/** A domain error from @marquee/db, with a stable code. */
export class DbError extends Error {
  constructor(
    readonly code: DbErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DbError';
  }
}

export function isDbError(error: unknown, code?: DbErrorCode): error is DbError {
  return error instanceof DbError && (code === undefined || error.code === code);
}
