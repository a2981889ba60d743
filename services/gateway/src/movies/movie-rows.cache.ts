import { Injectable } from '@nestjs/common';
import type { MovieColumns } from '@marquee/db';
import { MoviesRepository } from './movies.repository';

/**
 * A cached row is read again from Postgres after this long: the longest another gateway
 * process's poster update (or an edited title) can stay unseen here.
 */
export const MOVIE_ROWS_TTL_MS = 60_000;
/**
 * At most this many rows are kept (the longest-cached go first). A row takes ~520 bytes of heap
 * (measured with real titles and genres, a poster path and a check date): the 62k movies of
 * ml-latest take ~32 MB, the cap ~52 MB.
 */
export const MOVIE_ROWS_MAX = 100_000;

interface Entry {
  row: MovieColumns;
  /** Date.now() when the row was read, or last patched by recordPoster. */
  at: number;
}

/**
 * Movie rows (what a Movie DTO and poster lookups need), kept in memory for a recommendation's
 * join: every request needs ~10-20 of them and they change only when a poster is found. Rows
 * are read through MoviesRepository on a miss or after MOVIE_ROWS_TTL_MS; concurrent misses for
 * a movie share one query; PosterService patches a row here as soon as it saves a poster.
 */
@Injectable()
export class MovieRowsCache {
  private readonly entries = new Map<number, Entry>();
  /** Reads started and not finished, by movie id. */
  private readonly loading = new Map<number, Promise<void>>();

  constructor(private readonly movies: MoviesRepository) {}

  /** The rows of these movies, in the order of `ids` (ids with no row are left out). */
  async findByIds(ids: readonly number[]): Promise<MovieColumns[]> {
    const now = Date.now();
    const toRead = new Set<number>();
    for (const id of ids) {
      const entry = this.entries.get(id);
      if ((entry === undefined || now - entry.at >= MOVIE_ROWS_TTL_MS) && !this.loading.has(id)) {
        toRead.add(id);
      }
    }
    if (toRead.size > 0) this.read([...toRead]);
    const pending = new Set(ids.flatMap((id) => this.loading.get(id) ?? []));
    if (pending.size > 0) await Promise.all(pending);
    return ids.flatMap((id) => this.entries.get(id)?.row ?? []);
  }

  /** A poster lookup's result, just saved to Postgres by this process. */
  recordPoster(movieId: number, posterPath: string | null, posterCheckedAt: Date): void {
    const patch = () => {
      const entry = this.entries.get(movieId);
      if (entry !== undefined) {
        this.store({ ...entry.row, posterPath, posterCheckedAt }, Date.now());
      }
    };
    patch();
    // A read already running may have seen the row before the save: patch what it stores.
    this.loading.get(movieId)?.then(patch, () => undefined);
  }

  private read(ids: number[]): void {
    const startedAt = Date.now();
    const read = this.movies.findByIds(ids).then((rows) => {
      for (const row of rows) {
        const entry = this.entries.get(row.id);
        // A row patched while this read ran is newer than what the read saw.
        if (entry === undefined || entry.at < startedAt) this.store(row, startedAt);
      }
    });
    const done = read.finally(() => {
      for (const id of ids) {
        if (this.loading.get(id) === done) this.loading.delete(id);
      }
    });
    // Every caller waiting on `done` sees a failure; this handler only keeps it from being
    // reported as unhandled when the caller that started the read has gone.
    done.catch(() => undefined);
    for (const id of ids) this.loading.set(id, done);
  }

  private store(row: MovieColumns, at: number): void {
    // Re-inserting moves the row to the end of the Map's order, so eviction drops the oldest.
    this.entries.delete(row.id);
    this.entries.set(row.id, { row, at });
    if (this.entries.size > MOVIE_ROWS_MAX) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }
}
