import { MAX_RATING, MIN_RATING, RATING_STEP } from '@marquee/contracts';
import { NO_GENRES } from './dataset-files';

/** Validators for single fields. Each returns the value or throws FieldError with a reason. */
export class FieldError extends Error {}

const MAX_INT32 = 2 ** 31 - 1;

/** A positive integer id that fits the database's int columns. */
export function parseId(name: string, raw: string): number {
  if (!/^[0-9]+$/.test(raw)) {
    throw new FieldError(`${name} ${quoteForMessage(raw)} is not a positive integer`);
  }
  const value = Number(raw);
  if (value < 1 || value > MAX_INT32) {
    throw new FieldError(`${name} ${raw} is outside 1..${MAX_INT32}`);
  }
  return value;
}

export function parseRating(raw: string): number {
  if (!/^[0-9]+(\.[0-9]+)?$/.test(raw)) {
    throw new FieldError(`rating ${quoteForMessage(raw)} is not a number`);
  }
  const value = Number(raw);
  if (value < MIN_RATING || value > MAX_RATING) {
    throw new FieldError(`rating ${raw} is outside ${MIN_RATING}..${MAX_RATING}`);
  }
  if (!Number.isInteger(value / RATING_STEP)) {
    throw new FieldError(`rating ${raw} is not a multiple of ${RATING_STEP}`);
  }
  return value;
}

/** Unix seconds. */
export function parseTimestamp(raw: string): number {
  if (!/^[0-9]+$/.test(raw) || !Number.isSafeInteger(Number(raw))) {
    throw new FieldError(`timestamp ${quoteForMessage(raw)} is not a whole number of seconds`);
  }
  return Number(raw);
}

/** IMDb ids keep their leading zeros ("0114709"); empty means unknown. */
export function parseImdbId(raw: string): string | null {
  if (raw === '') return null;
  if (!/^[0-9]+$/.test(raw)) {
    throw new FieldError(`imdbId ${quoteForMessage(raw)} is not a string of digits`);
  }
  return raw;
}

/** Empty means TMDB has no entry for the movie. */
export function parseTmdbId(raw: string): number | null {
  return raw === '' ? null : parseId('tmdbId', raw);
}

/** "Adventure|Comedy" -> ["Adventure", "Comedy"]; "(no genres listed)" -> []. */
export function parseGenres(raw: string): string[] {
  if (raw === NO_GENRES) return [];
  const genres = raw.split('|');
  if (genres.some((genre) => genre.trim() === '')) {
    throw new FieldError(
      raw === ''
        ? `genres is empty (write "${NO_GENRES}" for none)`
        : `genres ${quoteForMessage(raw)} has an empty genre`,
    );
  }
  return genres;
}

// "The Title (1995)", "Title (2006-2007)" (hyphen or en dash), optionally followed by spaces.
const TITLE_WITH_YEAR = /^(.*?)\s*\((\d{4})(?:\s*[-\u2013]\s*(?:\d{4})?)?\)\s*$/;

/**
 * Splits the year off a movies.csv title: "Toy Story (1995)" -> { "Toy Story", 1995 }.
 * A year range keeps its first year; a title without a year gets null.
 */
export function parseTitle(raw: string): { title: string; year: number | null } {
  const match = TITLE_WITH_YEAR.exec(raw);
  const title = match?.[1]?.trim();
  if (match && title) return { title, year: Number(match[2]) };
  const whole = raw.trim();
  if (whole === '') throw new FieldError('title is empty');
  return { title: whole, year: null };
}

function quoteForMessage(raw: string): string {
  return JSON.stringify(raw.length > 40 ? `${raw.slice(0, 40)}...` : raw);
}
