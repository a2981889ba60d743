import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { MAX_RATING, MIN_RATING, RATING_STEP } from '@marquee/contracts';
import { MOVIELENS_HEADERS, type RatingRecord } from '@marquee/movielens';

/** A rating row to write; a row without a timestamp is written with 0. */
export type RatingRow = Omit<RatingRecord, 'timestamp'> & { timestamp?: number };

/**
 * Writes ratings as a MovieLens ratings.csv (ml-latest-small's header, CRLF line ends, whole
 * ratings as "4.0"), creating the folder if needed, so a protocol's split can be handed to
 * another tool or read back with readRatingsFile. A row that file could not read back (bad id,
 * rating off the half-star scale, negative or fractional timestamp) is refused before anything
 * is written.
 */
export async function writeRatingsCsv(path: string, ratings: readonly RatingRow[]): Promise<void> {
  const lines = [MOVIELENS_HEADERS['ratings.csv'].join(','), ...ratings.map(formatRatingRow)];
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, lines.map((line) => `${line}\r\n`).join(''), 'utf8');
}

/** The largest id readRatingsFile accepts (the database's int columns). */
const MAX_ID = 2 ** 31 - 1;

/** One CSV line, or a RangeError naming the row's problem. */
function formatRatingRow(row: RatingRow): string {
  const { userId, movieId, rating, timestamp = 0 } = row;
  for (const [name, id] of [
    ['userId', userId],
    ['movieId', movieId],
  ] as const) {
    if (!Number.isInteger(id) || id < 1 || id > MAX_ID) {
      throw new RangeError(`${name} must be an integer in 1..${MAX_ID}, got ${id}`);
    }
  }
  if (!(rating >= MIN_RATING && rating <= MAX_RATING) || !Number.isInteger(rating / RATING_STEP)) {
    throw new RangeError(
      `rating must be a multiple of ${RATING_STEP} in ${MIN_RATING}..${MAX_RATING}, got ${rating}`,
    );
  }
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new RangeError(`timestamp must be a whole number of seconds >= 0, got ${timestamp}`);
  }
  const ratingText = Number.isInteger(rating) ? rating.toFixed(1) : String(rating);
  return `${userId},${movieId},${ratingText},${timestamp}`;
}
