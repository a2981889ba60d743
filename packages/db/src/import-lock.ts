/**
 * Serializes MovieLens imports (importMovieLens, bulkImportMovieLens) so each reports exactly
 * what it inserted: taken with pg_advisory_xact_lock(hashtext(IMPORT_LOCK_KEY)).
 */
export const IMPORT_LOCK_KEY = 'marquee:movielens-import';
