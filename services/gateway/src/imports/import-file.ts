import {
  EXPORT_CSV_HEADER,
  EXPORT_KINDS,
  IMPORT_MAX_ROWS,
  type ExportKind,
  type ImportFormat,
  ratingValue,
  ratingsExport,
} from '@marquee/contracts';
import { CsvError, parse } from 'csv-parse/sync';
import { DomainError } from '../errors/domain-error';
import { describeIssues } from '../errors/zod-validation.pipe';

/** How a row names its film: by IMDb id, by title and year, or by the catalogue's own id. */
export type MovieRef =
  | {
      by: 'imdb';
      /** Digits without the tt prefix or leading zeros, e.g. "114709". */ imdbId: string;
    }
  | { by: 'title'; title: string; year: number | null }
  | { by: 'id'; movieId: number };

/** One row of an import file, read and checked, not matched yet. */
export interface ImportRow {
  /** Its line in the file (CSV), or its position in its list (JSON). */
  line: number;
  kind: ExportKind;
  /** Title (year) as the file gives it, for the preview. */
  label: string;
  /** Stars, 0.5 to 5; null for a skip or list entry. */
  rating: number | null;
  /** When it was rated / listed, when the file says; null: now. */
  at: Date | null;
  ref: MovieRef;
}

export interface ImportFile {
  format: ImportFormat;
  rows: ImportRow[];
}

function malformed(line: number | null, message: string): DomainError {
  return new DomainError(
    'MALFORMED_FILE',
    line === null ? `The file is malformed: ${message}` : `Line ${line} of the file: ${message}`,
  );
}

function tooManyRows(rows: number): DomainError {
  return new DomainError(
    'TOO_MANY_ROWS',
    `The file has ${rows} rows; an import takes at most ${IMPORT_MAX_ROWS}. Split it in parts.`,
  );
}

interface CsvRecord {
  fields: string[];
  line: number;
}

/**
 * RFC 4180 CSV through csv-parse: a BOM is skipped, blank lines are ignored, CRLF, LF or CR.
 * Each record keeps the line it starts on (csv-parse's own line count is off after a quoted
 * line break in a CRLF file).
 */
export function readCsv(content: string): CsvRecord[] {
  let records: string[][];
  try {
    records = parse(content, { bom: true, relax_column_count: true }) as string[][];
  } catch (error) {
    if (error instanceof CsvError) {
      const line =
        error.code === 'CSV_QUOTE_NOT_CLOSED'
          ? scanLines(content).unclosedQuoteLine
          : ((error as CsvError & { lines?: number }).lines ?? null);
      throw malformed(line, describeCsvError(error));
    }
    throw error;
  }
  const { recordStarts } = scanLines(content);
  return records.flatMap((fields, i) =>
    fields.length === 1 && fields[0] === '' ? [] : [{ fields, line: recordStarts[i] ?? 0 }],
  );
}

/**
 * The line each record starts on: a line break outside quotes ends a record (quotes toggle
 * quoting; "" inside a quoted field toggles twice). And the line of the last quote opened,
 * which is the one never closed when the file ends inside quotes.
 */
function scanLines(content: string): { recordStarts: number[]; unclosedQuoteLine: number } {
  const recordStarts = [1];
  let line = 1;
  let quoted = false;
  let unclosedQuoteLine = 1;
  for (let i = 0; i < content.length; i++) {
    const c = content[i];
    if (c === '"') {
      quoted = !quoted;
      if (quoted) unclosedQuoteLine = line;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && content[i + 1] === '\n') i++;
      line++;
      if (!quoted) recordStarts.push(line);
    }
  }
  return { recordStarts, unclosedQuoteLine };
}

function describeCsvError(error: CsvError): string {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field opened on this line is never closed';
    case 'INVALID_OPENING_QUOTE':
      return 'a double quote appears inside an unquoted field';
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return 'text follows the closing quote of a quoted field';
    default:
      return `malformed CSV (${error.message})`;
  }
}

const IMDB_COLUMNS = ['Const', 'Your Rating'];
const LETTERBOXD_COLUMNS = ['Name', 'Year', 'Letterboxd URI', 'Rating'];

/** The format a CSV header says; null when it is none we know. */
function csvFormatOf(header: string[]): ImportFormat | null {
  const names = new Set(header.map((h) => h.trim()));
  if (IMDB_COLUMNS.every((c) => names.has(c))) return 'imdb';
  if (LETTERBOXD_COLUMNS.every((c) => names.has(c))) return 'letterboxd';
  if (EXPORT_CSV_HEADER.every((c) => names.has(c))) return 'marquee-csv';
  return null;
}

const FORMAT_NAMES: Record<ImportFormat, string> = {
  imdb: "IMDb's ratings export (Const, Your Rating, ...)",
  letterboxd: "Letterboxd's ratings.csv (Date, Name, Year, Letterboxd URI, Rating)",
  'marquee-csv': `this site's export (${EXPORT_CSV_HEADER.join(', ')})`,
  'marquee-json': "this site's JSON export",
};

/**
 * Reads an import file: recognises its format (unless given), checks every row and turns it
 * into ImportRows. Throws MALFORMED_FILE naming the first bad line, or TOO_MANY_ROWS.
 */
export function readImportFile(content: string, format: ImportFormat | 'auto'): ImportFile {
  const text = content.replace(/^\ufeff/, '');
  const looksJson = text.trimStart().startsWith('{');
  if (format === 'marquee-json' || (format === 'auto' && looksJson)) {
    return { format: 'marquee-json', rows: readOwnJson(text) };
  }
  const records = readCsv(text);
  const [header, ...data] = records;
  if (header === undefined) throw malformed(null, 'it is empty');
  if (data.length > IMPORT_MAX_ROWS) throw tooManyRows(data.length);
  const found = csvFormatOf(header.fields);
  const chosen = format === 'auto' ? found : format;
  if (chosen === null || chosen !== found) {
    const expected =
      chosen === null
        ? Object.values(FORMAT_NAMES).slice(0, 3).join(', or ')
        : FORMAT_NAMES[chosen];
    throw malformed(
      header.line,
      `the header "${header.fields.join(',')}" is not that of ${expected}`,
    );
  }
  const columns = new Map(header.fields.map((name, i) => [name.trim(), i]));
  const rows = data.map((record) => {
    const field = (name: string): string => {
      const index = columns.get(name);
      return index === undefined ? '' : (record.fields[index] ?? '').trim();
    };
    if (record.fields.length !== header.fields.length) {
      throw malformed(
        record.line,
        `expected ${header.fields.length} fields, as the header has, but found ${record.fields.length}`,
      );
    }
    switch (chosen) {
      case 'imdb':
        return imdbRow(record.line, field);
      case 'letterboxd':
        return letterboxdRow(record.line, field);
      default:
        return ownCsvRow(record.line, field);
    }
  });
  return { format: chosen, rows };
}

type Field = (name: string) => string;

function labelOf(title: string, year: number | null): string {
  return year === null ? title : `${title} (${year})`;
}

function yearOf(line: number, text: string, column: string): number | null {
  if (text === '') return null;
  if (!/^\d{4}$/.test(text)) throw malformed(line, `${column} "${text}" is not a year`);
  return Number(text);
}

/** A date (YYYY-MM-DD) or an ISO 8601 time; null when empty. */
function timeOf(line: number, text: string, column: string): Date | null {
  if (text === '') return null;
  const iso = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text);
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  if (!iso || Number.isNaN(date.getTime())) {
    throw malformed(line, `${column} "${text}" is not a date (YYYY-MM-DD)`);
  }
  return date;
}

function starsOf(line: number, text: string, column: string): number {
  const value = text === '' ? NaN : Number(text);
  const checked = ratingValue.safeParse(value);
  if (!checked.success) {
    throw malformed(line, `${column} "${text}" is not a rating from 0.5 to 5 in half stars`);
  }
  return checked.data;
}

/** IMDb: tt id, 1-10 rating mapped to half stars (rating / 2). */
function imdbRow(line: number, field: Field): ImportRow {
  const id = field('Const');
  const match = /^tt0*(\d+)$/.exec(id);
  if (match === null)
    throw malformed(line, `Const "${id}" is not an IMDb id (tt followed by digits)`);
  const tenPoint = field('Your Rating');
  if (!/^(10|[1-9])$/.test(tenPoint)) {
    throw malformed(line, `Your Rating "${tenPoint}" is not a whole number from 1 to 10`);
  }
  const year = yearOf(line, field('Year'), 'Year');
  return {
    line,
    kind: 'rating',
    label: labelOf(field('Title') || id, year),
    rating: Number(tenPoint) / 2,
    at: timeOf(line, field('Date Rated'), 'Date Rated'),
    ref: { by: 'imdb', imdbId: match[1]! },
  };
}

function letterboxdRow(line: number, field: Field): ImportRow {
  const title = field('Name');
  if (title === '') throw malformed(line, 'Name is empty');
  const year = yearOf(line, field('Year'), 'Year');
  return {
    line,
    kind: 'rating',
    label: labelOf(title, year),
    rating: starsOf(line, field('Rating'), 'Rating'),
    at: timeOf(line, field('Date'), 'Date'),
    ref: { by: 'title', title, year },
  };
}

function movieIdOf(line: number, text: string): number {
  if (!/^[1-9]\d{0,9}$/.test(text) || Number(text) > 2_147_483_647) {
    throw malformed(line, `movieId "${text}" is not a film id`);
  }
  return Number(text);
}

function ownCsvRow(line: number, field: Field): ImportRow {
  const kind = field('kind');
  if (!(EXPORT_KINDS as readonly string[]).includes(kind)) {
    throw malformed(line, `kind "${kind}" is not one of ${EXPORT_KINDS.join(', ')}`);
  }
  const year = yearOf(line, field('year'), 'year');
  const rating = field('rating');
  if (kind !== 'rating' && rating !== '') {
    throw malformed(line, `a ${kind} has no rating, but rating is "${rating}"`);
  }
  return {
    line,
    kind: kind as ExportKind,
    label: labelOf(field('title'), year),
    rating: kind === 'rating' ? starsOf(line, rating, 'rating') : null,
    at: timeOf(line, field('at'), 'at'),
    ref: { by: 'id', movieId: movieIdOf(line, field('movieId')) },
  };
}

/** The 1-based line of a character offset. */
function lineAt(text: string, offset: number): number {
  return text.slice(0, offset).split(/\r\n|\r|\n/).length;
}

function readOwnJson(text: string): ImportRow[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec(String(error))?.[1];
    const line = position === undefined ? null : lineAt(text, Number(position));
    throw malformed(line, 'it is not valid JSON');
  }
  const parsed = ratingsExport.safeParse(value);
  if (!parsed.success) {
    const details = describeIssues(parsed.error, 'file');
    throw malformed(null, `it is not this site's JSON export: ${details.slice(0, 3).join('; ')}`);
  }
  const data = parsed.data;
  const total =
    data.ratings.length + data.skips.length + data.watchlist.length + data.notInterested.length;
  if (total > IMPORT_MAX_ROWS) throw tooManyRows(total);
  const at = (iso: string, where: string): Date => {
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) throw malformed(null, `${where}: "${iso}" is not a time`);
    return date;
  };
  const rows: ImportRow[] = [];
  data.ratings.forEach((r, i) => {
    const rating = ratingValue.safeParse(r.rating);
    if (!rating.success) {
      throw malformed(null, `ratings[${i}]: rating ${r.rating} is not 0.5 to 5 in half stars`);
    }
    rows.push({
      line: i + 1,
      kind: 'rating',
      label: labelOf(r.title, r.year),
      rating: rating.data,
      at: at(r.ratedAt, `ratings[${i}].ratedAt`),
      ref: { by: 'id', movieId: r.movieId },
    });
  });
  for (const kind of ['skips', 'watchlist', 'notInterested'] as const) {
    data[kind].forEach((e, i) => {
      rows.push({
        line: i + 1,
        kind: kind === 'skips' ? 'skip' : kind,
        label: labelOf(e.title, e.year),
        rating: null,
        at: at(e.at, `${kind}[${i}].at`),
        ref: { by: 'id', movieId: e.movieId },
      });
    });
  }
  return rows;
}
