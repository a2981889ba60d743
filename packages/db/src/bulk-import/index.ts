export { bulkImportMovieLens, type BulkImportOptions, type BulkImportResult } from './import';
export { describeBulkImportEvent, type BulkImportEvent, type BulkImportMode } from './progress';
