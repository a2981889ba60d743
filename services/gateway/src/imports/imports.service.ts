import { Injectable } from '@nestjs/common';
import type {
  ImportAmbiguousRow,
  ImportConflictRow,
  ImportMatchedRow,
  ImportPreviewResponse,
  ImportRequestParsed,
  ImportResponse,
  ImportUnmatchedRow,
  ImportWrites,
  RatingsExport,
} from '@marquee/contracts';
import { EXPORT_CSV_HEADER } from '@marquee/contracts';
import { isForeignKeyViolation } from '../database/prisma-errors';
import { DomainError } from '../errors/domain-error';
import { UsersRepository } from '../identity/users.repository';
import { type ImportRow, readImportFile } from './import-file';
import { type CatalogueMovie, type ImportWritePlan, ImportsRepository } from './imports.repository';
import { catalogueTitles, titleKey } from './title-key';

/** A row with the film it names, or why it names none. */
type Resolved =
  | { row: ImportRow; movie: CatalogueMovie }
  | { row: ImportRow; reason: string }
  | { row: ImportRow; candidates: CatalogueMovie[] };

/** Catalogue films by title key: exact, and without a leading English article. */
interface TitleIndex {
  exact: Map<string, CatalogueMovie[]>;
  loose: Map<string, CatalogueMovie[]>;
}

const short = (m: CatalogueMovie) => ({ id: m.id, title: m.title, year: m.year });
const rowOf = (row: ImportRow) => ({
  line: row.line,
  kind: row.kind,
  label: row.label,
  rating: row.rating,
});

/** links.csv's 7-digit IMDb id as IMDb writes it: "0114709" -> "tt0114709". */
export function imdbTt(imdbId: string | null): string | null {
  return imdbId === null ? null : `tt${imdbId.padStart(7, '0')}`;
}

/** A CSV field, quoted when it must be (RFC 4180). */
function csvField(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Import and export of a user's ratings, skips and lists. An import is read and matched the
 * same way for the preview and the confirmation; the preview writes nothing, the confirmation
 * writes everything it would show in one transaction (ImportsRepository.write), deciding the
 * conflicts against the ratings the user has inside that transaction.
 */
@Injectable()
export class ImportsService {
  constructor(
    private readonly imports: ImportsRepository,
    private readonly users: UsersRepository,
  ) {}

  async preview(anonId: string, request: ImportRequestParsed): Promise<ImportPreviewResponse> {
    const { format, resolved } = await this.read(request);
    const userId = await this.users.findIdByAnonId(anonId);
    const current = await this.imports.currentRatings(userId);
    const plan = this.plan(resolved, current, request.onConflict);
    return { format, ...plan.preview };
  }

  async confirm(anonId: string, request: ImportRequestParsed): Promise<ImportResponse> {
    const { format, resolved } = await this.read(request);
    try {
      return await this.imports.write(anonId, (current) => {
        const plan = this.plan(resolved, current, request.onConflict);
        return {
          writes: plan.writes,
          result: { format, counts: plan.preview.counts, written: plan.preview.writes },
        };
      });
    } catch (err) {
      // A matched film left the catalogue between the match and the write: the transaction
      // rolled back, so nothing of the file was written.
      if (isForeignKeyViolation(err)) {
        throw new DomainError(
          'MOVIE_NOT_FOUND',
          'A film in the file is no longer in the catalogue; nothing was imported. Preview the file again.',
        );
      }
      throw err;
    }
  }

  private async read(request: ImportRequestParsed) {
    const file = readImportFile(request.content, request.format);
    return { format: file.format, resolved: await this.resolve(file.rows) };
  }

  /** Matches every row to a film of the catalogue (read-only; no user data involved). */
  private async resolve(rows: ImportRow[]): Promise<Resolved[]> {
    const byImdb = new Map<string, CatalogueMovie[]>();
    const imdbIds = rows.flatMap((r) => (r.ref.by === 'imdb' ? [r.ref.imdbId] : []));
    for (const m of await this.imports.moviesByImdbIds([...new Set(imdbIds)])) {
      const key = (m.imdbId ?? '').replace(/^0+/, '');
      byImdb.set(key, [...(byImdb.get(key) ?? []), m]);
    }
    const movieIds = rows.flatMap((r) => (r.ref.by === 'id' ? [r.ref.movieId] : []));
    const byId = new Map(
      (await this.imports.moviesByIds([...new Set(movieIds)])).map((m) => [m.id, m]),
    );
    const byTitle = await this.titleIndex(rows);

    return rows.map((row): Resolved => {
      const ref = row.ref;
      switch (ref.by) {
        case 'imdb': {
          const found = byImdb.get(ref.imdbId) ?? [];
          if (found.length === 1) return { row, movie: found[0]! };
          if (found.length > 1) return { row, candidates: found };
          return { row, reason: `no film of the catalogue has IMDb id tt${ref.imdbId}` };
        }
        case 'id': {
          const movie = byId.get(ref.movieId);
          return movie
            ? { row, movie }
            : { row, reason: `no film of the catalogue has id ${ref.movieId}` };
        }
        case 'title':
          return this.matchTitle(row, ref.title, ref.year, byTitle);
      }
    });
  }

  /**
   * The catalogue's films of the rows' years (±1: sites disagree on a release year), by exact
   * and by loose title key.
   */
  private async titleIndex(rows: ImportRow[]): Promise<TitleIndex> {
    const refs = rows.flatMap((r) => (r.ref.by === 'title' ? [r.ref] : []));
    const index: TitleIndex = { exact: new Map(), loose: new Map() };
    if (refs.length === 0) return index;
    const years = new Set<number>();
    for (const ref of refs) {
      if (ref.year !== null) for (const y of [ref.year - 1, ref.year, ref.year + 1]) years.add(y);
    }
    const anyYear = refs.some((r) => r.year === null);
    const add = (map: Map<string, CatalogueMovie[]>, key: string, movie: CatalogueMovie) => {
      const list = map.get(key) ?? [];
      if (!list.includes(movie)) map.set(key, [...list, movie]);
    };
    for (const movie of await this.imports.moviesByYears([...years], anyYear)) {
      for (const title of catalogueTitles(movie.title)) {
        add(index.exact, titleKey(title), movie);
        add(index.loose, titleKey(title, true), movie);
      }
    }
    return index;
  }

  /** The exact key first, the loose one when it finds nothing; the same year before ±1. */
  private matchTitle(
    row: ImportRow,
    title: string,
    year: number | null,
    index: TitleIndex,
  ): Resolved {
    for (const [map, key] of [
      [index.exact, titleKey(title)],
      [index.loose, titleKey(title, true)],
    ] as const) {
      const all = map.get(key) ?? [];
      const sameYear = year === null ? all : all.filter((m) => m.year === year);
      const found =
        sameYear.length > 0
          ? sameYear
          : all.filter((m) => year !== null && m.year !== null && Math.abs(m.year - year) === 1);
      if (found.length === 1) return { row, movie: found[0]! };
      if (found.length > 1) return { row, candidates: found };
    }
    return {
      row,
      reason:
        year === null
          ? 'no film of the catalogue has this title'
          : 'no film of the catalogue has this title and year (±1)',
    };
  }

  /**
   * What the rows come to against the user's current ratings: the preview's lists and counts,
   * and the writes. A film named twice keeps its last row; a list entry of a film that is
   * rated is left out (a rated film is on no list); a rating that differs from the user's is a
   * conflict, kept or replaced as asked.
   */
  private plan(
    resolved: Resolved[],
    current: Map<number, number>,
    onConflict: 'keep' | 'replace',
  ): { preview: Omit<ImportPreviewResponse, 'format'>; writes: ImportWritePlan } {
    const matched: ImportMatchedRow[] = [];
    const unmatched: ImportUnmatchedRow[] = [];
    const ambiguous: ImportAmbiguousRow[] = [];
    const conflicts: ImportConflictRow[] = [];
    const writes: ImportWritePlan = { ratings: [], skips: [], watchlist: [], notInterested: [] };

    // The last row of each (kind, film) wins; the list kinds share one slot (a film is on one).
    const slotOf = (kind: ImportRow['kind']) =>
      kind === 'watchlist' || kind === 'notInterested' ? 'list' : kind;
    const last = new Map<string, number>();
    resolved.forEach((r, i) => {
      if ('movie' in r) last.set(`${slotOf(r.row.kind)}:${r.movie.id}`, i);
    });
    const ratedInFile = new Set(
      resolved.flatMap((r) => ('movie' in r && r.row.kind === 'rating' ? [r.movie.id] : [])),
    );

    resolved.forEach((r, i) => {
      const row = rowOf(r.row);
      if ('reason' in r) {
        unmatched.push({ ...row, reason: r.reason });
        return;
      }
      if ('candidates' in r) {
        ambiguous.push({ ...row, candidates: r.candidates.map(short) });
        return;
      }
      const movie = short(r.movie);
      const key = `${slotOf(r.row.kind)}:${r.movie.id}`;
      if (last.get(key) !== i) {
        const later = resolved[last.get(key)!]!.row.line;
        unmatched.push({ ...row, reason: `the same film as line ${later}, which is used` });
        return;
      }
      matched.push({ ...row, movie });
      const at = r.row.at;
      switch (r.row.kind) {
        case 'rating': {
          const rating = r.row.rating!;
          const had = current.get(movie.id);
          if (had !== undefined && had !== rating) {
            conflicts.push({ ...row, movie, current: had, resolution: onConflict });
            if (onConflict === 'keep') return;
          }
          writes.ratings.push({ movieId: movie.id, rating, at });
          return;
        }
        case 'skip':
          writes.skips.push({ movieId: movie.id, at });
          return;
        default:
          if (!ratedInFile.has(movie.id) && !current.has(movie.id)) {
            writes[r.row.kind].push({ movieId: movie.id, at });
          }
      }
    });

    const counts = {
      rows: resolved.length,
      matched: matched.length,
      unmatched: unmatched.length,
      ambiguous: ambiguous.length,
      conflicting: conflicts.length,
    };
    const written: ImportWrites = {
      ratings: writes.ratings.length,
      skips: writes.skips.length,
      watchlist: writes.watchlist.length,
      notInterested: writes.notInterested.length,
    };
    return {
      preview: { counts, writes: written, matched, unmatched, ambiguous, conflicts },
      writes,
    };
  }

  /** Everything the user has, as this site's JSON export. */
  async exportJson(anonId: string): Promise<RatingsExport> {
    const data = await this.imports.userData(await this.users.findIdByAnonId(anonId));
    const movie = (m: CatalogueMovie) => ({
      movieId: m.id,
      title: m.title,
      year: m.year,
      imdbId: imdbTt(m.imdbId),
    });
    const entry = (e: { movie: CatalogueMovie; at: Date }) => ({
      ...movie(e.movie),
      at: e.at.toISOString(),
    });
    return {
      format: 'marquee-export',
      version: 1,
      exportedAt: new Date().toISOString(),
      ratings: data.ratings.map((r) => ({
        ...movie(r.movie),
        rating: r.rating,
        ratedAt: r.at.toISOString(),
      })),
      skips: data.skips.map(entry),
      watchlist: data.watchlist.map(entry),
      notInterested: data.notInterested.map(entry),
    };
  }

  /** The same as CSV: one row per rating, skip or list entry (EXPORT_CSV_HEADER). */
  async exportCsv(anonId: string): Promise<string> {
    const data = await this.exportJson(anonId);
    const lines = [EXPORT_CSV_HEADER.join(',')];
    const push = (
      kind: string,
      e: { movieId: number; imdbId: string | null; title: string; year: number | null },
      rating: number | null,
      at: string,
    ) =>
      lines.push([kind, e.movieId, e.imdbId, e.title, e.year, rating, at].map(csvField).join(','));
    for (const r of data.ratings) push('rating', r, r.rating, r.ratedAt);
    for (const s of data.skips) push('skip', s, null, s.at);
    for (const w of data.watchlist) push('watchlist', w, null, w.at);
    for (const n of data.notInterested) push('notInterested', n, null, n.at);
    return `${lines.join('\r\n')}\r\n`;
  }
}
