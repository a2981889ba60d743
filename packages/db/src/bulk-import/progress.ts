import type { RatingsBatch } from '@marquee/movielens';

/** What a bulk import is doing, as it goes (see bulkImportMovieLens). */
export type BulkImportEvent =
  /** A batch of movies is in (`processed` of `total`). */
  | { stage: 'movies'; processed: number; total: number; inserted: number }
  /** Ratings read and sent to the staging table so far; `done` of `total` bytes of the file. */
  | { stage: 'read'; rows: number; done: number; total: number; seconds: number }
  /** A users row added for each new MovieLens user. */
  | { stage: 'users'; inserted: number; seconds: number }
  /**
   * Before a `merge` of a file that does not list each user's ratings together: no (user,
   * movie) pair appears twice (checked in the database; otherwise the reader checks as it goes).
   */
  | { stage: 'duplicates'; seconds: number }
  /** `load`: ratings was empty and its keys are rebuilt next; `merge`: into existing ratings. */
  | { stage: 'ratings'; mode: BulkImportMode; inserted: number; seconds: number }
  /** An index or constraint of ratings built again (and checked) after a `load`. */
  | { stage: 'key'; name: string; seconds: number }
  /** The loaded tables' planner statistics gathered, so queries are planned for their size. */
  | { stage: 'analyze'; seconds: number }
  /** Everything is in; committing. */
  | { stage: 'commit'; seconds: number };

export type BulkImportMode = 'load' | 'merge';

/** One line for a person reading the import's progress. */
export function describeBulkImportEvent(event: BulkImportEvent): string {
  switch (event.stage) {
    case 'movies':
      return `movies ${event.processed}/${event.total} (inserted ${event.inserted})`;
    case 'read': {
      const share = event.total > 0 ? ` (${((100 * event.done) / event.total).toFixed(0)}%)` : '';
      const perSecond = event.seconds > 0 ? Math.round(event.rows / event.seconds) : 0;
      return `ratings read ${event.rows}${share}, ${perSecond} rows/s`;
    }
    case 'users':
      return `users: inserted ${event.inserted} in ${event.seconds.toFixed(1)} s`;
    case 'duplicates':
      return `checked that no user rated a film twice in ${event.seconds.toFixed(1)} s`;
    case 'ratings':
      return event.mode === 'load'
        ? `ratings: loaded ${event.inserted} into the empty table in ${event.seconds.toFixed(1)} s ` +
            '(its keys and indexes are built next)'
        : `ratings: inserted ${event.inserted} new in ${event.seconds.toFixed(1)} s ` +
            '(ratings already there are kept)';
    case 'key':
      return `built ${event.name} in ${event.seconds.toFixed(1)} s`;
    case 'analyze':
      return `gathered the tables' statistics (ANALYZE) in ${event.seconds.toFixed(1)} s`;
    case 'commit':
      return `committing after ${event.seconds.toFixed(1)} s`;
  }
}

/** Counts the rows read and reports them at most every `intervalMs`, and once at the end. */
export class ReadProgress {
  private rows = 0;
  private reportedRows = -1;
  private done = 0;
  private total = 0;
  private lastReport: number;

  constructor(
    private readonly intervalMs: number,
    private readonly started: number,
    private readonly onProgress: (event: BulkImportEvent) => void,
  ) {
    this.lastReport = started;
  }

  add(batch: RatingsBatch): void {
    this.rows += batch.rows.length;
    this.done = batch.done;
    this.total = batch.total;
    if (Date.now() - this.lastReport >= this.intervalMs) this.report();
  }

  finish(): void {
    if (this.rows !== this.reportedRows) this.report();
  }

  private report(): void {
    this.lastReport = Date.now();
    this.reportedRows = this.rows;
    const seconds = (this.lastReport - this.started) / 1000;
    const { rows, done, total } = this;
    this.onProgress({ stage: 'read', rows, done, total, seconds });
  }
}
