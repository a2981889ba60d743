import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { CsvError, parse } from 'csv-parse/sync';
import { checkHeader, checkRecord, CSV_PARSE_OPTIONS, describeCsvError } from './csv';
import { MOVIELENS_HEADERS } from './dataset-files';
import { DuplicateRatingCheck } from './duplicate-ratings';
import { MovieLensFormatError } from './errors';
import { FieldError, parseId, parseRating, parseTimestamp } from './fields';
import type { RatingRecord } from './types';

/** A rating and the physical line (1-based) of ratings.csv it was read from. */
export interface LocatedRating extends RatingRecord {
  line: number;
}

/** Consecutive rows of ratings.csv, and how far into the file they reach. */
export interface RatingsBatch {
  rows: LocatedRating[];
  /**
   * How far into the input this batch reaches, out of `total`, for progress: bytes of a file
   * (or content) parsed so far; rows, for ratings already in memory.
   */
  done: number;
  total: number;
  /**
   * True while every (user, movie) pair read so far was checked for duplicates: the check runs
   * while each user's ratings come together (see DuplicateRatingCheck); false once they do not,
   * and from then on the pairs are not checked here.
   */
  duplicatesChecked: boolean;
}

/** Where ratings.csv is: a file on disk (streamed), or its content already in memory. */
export type RatingsInput = { path: string } | { content: string | Buffer };

export interface StreamRatingsOptions {
  /** Rows per batch (default 10,000). */
  batchSize?: number;
  /** When given, a rating of a movie not in this set fails, naming its line. */
  movieIds?: ReadonlySet<number>;
}

const FILE = 'ratings.csv';
const HEADER = MOVIELENS_HEADERS[FILE];
const DEFAULT_BATCH_SIZE = 10_000;
const CHUNK_BYTES = 1 << 20;
/** A line longer than this is refused (a rating takes about 30 bytes): memory stays bounded. */
const MAX_LINE_CHARS = 1 << 20;
/** A row as MovieLens writes it: four unquoted numbers, maybe a trailing space. */
const PLAIN_ROW = /^\d+,\d+,\d+(?:\.\d+)?,\d+ ?$/;
/** Line breaks as csv.ts counts them: CRLF, LF or a lone CR. */
const LINE_BREAK = /\r\n|\n|\r/;

/**
 * Reads ratings.csv as a stream, in batches, checking each row as parseRatingsCsv does (header,
 * field count, ids, half stars, whole-second timestamps; and the movie when `movieIds` is
 * given; a (user, movie) pair rated twice while the file lists each user's ratings together,
 * see `duplicatesChecked`): the first bad row ends the stream with a MovieLensFormatError
 * naming its line. Memory holds one 1 MB chunk of the file and its rows, whatever its size.
 *
 * Rows written the way MovieLens writes them (plain numbers) are split here; any other row
 * (quotes, spaces, a wrong field count...) goes through csv-parse like the whole file does in
 * parseRatingsCsv, so both readers accept and refuse the same rows. csv-parse alone spent
 * about 5 µs a row, most of the import of 32 million ratings.
 */
export async function* streamRatings(
  input: RatingsInput,
  options: StreamRatingsOptions = {},
): AsyncGenerator<RatingsBatch> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  }
  const { movieIds } = options;
  const { source, totalBytes } = await openInput(input);
  const decoder = new StringDecoder('utf8');
  const duplicates = new DuplicateRatingCheck();

  let line = 0;
  let rows: LocatedRating[] = [];
  const read = (text: string) => {
    line++;
    if (line === 1) {
      checkHeader(FILE, parseLine(text, line), HEADER);
      return;
    }
    const fields = PLAIN_ROW.test(text)
      ? (text.trimEnd().split(',') as [string, string, string, string])
      : checkRecord(FILE, parseLine(text, line), HEADER, line);
    if (!fields) return;
    const rating = toRating(fields, line);
    if (movieIds && !movieIds.has(rating.movieId)) {
      throw new MovieLensFormatError(FILE, line, `movieId ${rating.movieId} is not in movies.csv`);
    }
    duplicates.check(rating);
    rows.push(rating);
  };

  let carry = '';
  let done = 0;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      done += chunk.length;
      const text = carry + decoder.write(chunk);
      // A CR at the very end may be the first half of a CRLF: keep it for the next chunk.
      const cut = text.endsWith('\r') ? text.length - 1 : text.length;
      const lines = text.slice(0, cut).split(LINE_BREAK);
      carry = (lines.pop() as string) + text.slice(cut);
      if (carry.length > MAX_LINE_CHARS) {
        throw new MovieLensFormatError(FILE, line + lines.length + 1, 'line is longer than 1 MB');
      }
      for (const lineText of lines) read(lineText);
      if (rows.length >= batchSize) {
        for (let at = 0; at + batchSize <= rows.length; at += batchSize) {
          const batch = rows.slice(at, at + batchSize);
          yield { rows: batch, done, total: totalBytes, duplicatesChecked: duplicates.complete };
        }
        rows = rows.slice(rows.length - (rows.length % batchSize));
      }
    }
    const rest = (carry + decoder.end()).split(LINE_BREAK);
    // Text after the last line break; empty when the file ends with one.
    if (rest.at(-1) === '') rest.pop();
    for (const lineText of rest) read(lineText);
  } finally {
    source.destroy();
  }
  if (line === 0) {
    throw new MovieLensFormatError(
      FILE,
      1,
      `file is empty (expected header "${HEADER.join(',')}")`,
    );
  }
  for (let at = 0; at < rows.length; at += batchSize) {
    const batch = rows.slice(at, at + batchSize);
    yield {
      rows: batch,
      done: totalBytes,
      total: totalBytes,
      duplicatesChecked: duplicates.complete,
    };
  }
}

/** One line's fields as csv-parse reads them (BOM dropped, fields trimmed); [''] when blank. */
function parseLine(text: string, line: number): string[] {
  try {
    const records = parse(text, CSV_PARSE_OPTIONS) as string[][];
    return records[0] ?? [''];
  } catch (error) {
    if (error instanceof CsvError) {
      throw new MovieLensFormatError(FILE, line, describeCsvError(error));
    }
    throw error;
  }
}

function toRating(
  [userId, movieId, rating, timestamp]: readonly [string, string, string, string],
  line: number,
): LocatedRating {
  try {
    return {
      userId: parseId('userId', userId),
      movieId: parseId('movieId', movieId),
      rating: parseRating(rating),
      timestamp: parseTimestamp(timestamp),
      line,
    };
  } catch (error) {
    if (error instanceof FieldError) throw new MovieLensFormatError(FILE, line, error.message);
    throw error;
  }
}

async function openInput(input: RatingsInput): Promise<{ source: Readable; totalBytes: number }> {
  if ('path' in input) {
    const { size } = await stat(input.path);
    return {
      source: createReadStream(input.path, { highWaterMark: CHUNK_BYTES }),
      totalBytes: size,
    };
  }
  const content = Buffer.from(input.content);
  return { source: Readable.from(chunksOf(content)), totalBytes: content.length };
}

function* chunksOf(content: Buffer): Generator<Buffer> {
  for (let at = 0; at < content.length; at += CHUNK_BYTES) {
    yield content.subarray(at, at + CHUNK_BYTES);
  }
}
