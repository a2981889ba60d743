import { CsvError, parse } from 'csv-parse/sync';
import { MovieLensFormatError } from './errors';

/**
 * How every MovieLens CSV is parsed: a BOM is skipped, spaces around fields are dropped (the
 * real ratings.csv has one trailing space) and rows may have any number of fields (checked
 * afterwards, to name the line).
 */
export const CSV_PARSE_OPTIONS = { bom: true, trim: true, relax_column_count: true } as const;

/** One data row of a CSV file and the physical line (1-based) where it starts. */
export interface CsvRow<Header extends readonly string[]> {
  /** One string per header column. */
  fields: { -readonly [K in keyof Header]: string };
  line: number;
}

/**
 * Reads a MovieLens CSV file into rows of exactly `header.length` fields. Fails with
 * MovieLensFormatError when the header differs, a row has the wrong number of fields, a field
 * holds a line break or the CSV itself is malformed (unbalanced quotes...). Blank lines are
 * skipped and spaces around fields are dropped (the real ratings.csv has one trailing space).
 * Line endings may be CRLF (as in the real files) or LF.
 */
export function readCsvRows<Header extends readonly string[]>(
  file: string,
  content: string | Buffer,
  header: Header,
): CsvRow<Header>[] {
  let records: string[][];
  try {
    records = parse(content, CSV_PARSE_OPTIONS);
  } catch (error) {
    if (error instanceof CsvError) {
      // error.bytes is where csv-parse noticed the problem: on the bad record's line.
      const at = typeof error.bytes === 'number' ? error.bytes : 0;
      throw new MovieLensFormatError(file, lineAtByte(content, at), describeCsvError(error));
    }
    throw error;
  }

  if (records.length === 0) {
    throw new MovieLensFormatError(
      file,
      1,
      `file is empty (expected header "${header.join(',')}")`,
    );
  }

  const rows: CsvRow<Header>[] = [];
  // Blank lines come through as [''] records and no field may hold a line break (checked
  // below, failing at the first one), so record i starts on physical line i + 1.
  for (const [index, record] of records.entries()) {
    const line = index + 1;
    if (index === 0) {
      checkHeader(file, record, header);
      continue;
    }
    const fields = checkRecord(file, record, header, line);
    if (fields) rows.push({ fields, line });
  }
  return rows;
}

/**
 * A data record's fields, checked: exactly `header.length` of them, none holding a line break.
 * Null for a blank line. Throws MovieLensFormatError naming `line` otherwise.
 */
export function checkRecord<Header extends readonly string[]>(
  file: string,
  record: string[],
  header: Header,
  line: number,
): CsvRow<Header>['fields'] | null {
  if (record.length === 1 && record[0] === '') return null;
  if (record.length !== header.length) {
    throw new MovieLensFormatError(
      file,
      line,
      `expected ${header.length} fields (${header.join(',')}) but found ${record.length}`,
    );
  }
  const broken = record.findIndex((field) => field.includes('\n') || field.includes('\r'));
  if (broken >= 0) {
    throw new MovieLensFormatError(
      file,
      line,
      `${header[broken]} contains a line break (unbalanced quotes?)`,
    );
  }
  // The length check above makes the record match the header's shape.
  return record as CsvRow<Header>['fields'];
}

export function checkHeader(file: string, record: string[], header: readonly string[]): void {
  const same = record.length === header.length && record.every((name, i) => name === header[i]);
  if (!same) {
    throw new MovieLensFormatError(
      file,
      1,
      `header is "${record.join(',')}" but expected "${header.join(',')}"`,
    );
  }
}

/** What a csv-parse error means, in the words of a MovieLens file's reader. */
export function describeCsvError(error: CsvError): string {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field is never closed';
    case 'INVALID_OPENING_QUOTE':
      return 'a double quote appears inside an unquoted field';
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return 'text follows the closing quote of a quoted field';
    default:
      return `malformed CSV (${error.message})`;
  }
}

/** The 1-based physical line holding byte `offset` (CRLF, LF or CR line breaks). */
function lineAtByte(content: string | Buffer, offset: number): number {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  let line = 1;
  for (let i = 0; i < Math.min(offset, bytes.length); i++) {
    const byte = bytes[i];
    if (byte === 0x0a || (byte === 0x0d && bytes[i + 1] !== 0x0a)) line++;
  }
  return line;
}
