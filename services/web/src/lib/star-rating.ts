import { MAX_RATING, MIN_RATING, RATING_STEP } from './constants';

/** Number of stars the widget draws. */
export const STAR_COUNT = MAX_RATING;

/** Every value the widget can hold, lowest first: 0.5, 1, ..., 5. */
export const RATING_VALUES: readonly number[] = Array.from(
  { length: Math.round((MAX_RATING - MIN_RATING) / RATING_STEP) + 1 },
  (_, i) => MIN_RATING + i * RATING_STEP,
);

export function clampRating(value: number): number {
  const stepped = Math.round(value / RATING_STEP) * RATING_STEP;
  return Math.min(MAX_RATING, Math.max(MIN_RATING, stepped));
}

/**
 * The rating under a pointer at `x` over a row of equally wide stars that starts at `left`
 * and is `width` wide: the left half of a star gives its half value, the right half its
 * whole value. Positions outside the row clamp to the nearest end.
 */
export function valueFromPointer(x: number, left: number, width: number): number {
  if (!(width > 0)) return MIN_RATING;
  const fraction = Math.min(1, Math.max(0, (x - left) / width));
  const halfSteps = Math.ceil(fraction * STAR_COUNT * 2);
  return clampRating(halfSteps * RATING_STEP);
}

/**
 * The value after a key press on the widget, or null when the key does not change it.
 * Arrows move half a star, Page Up/Down a whole star, Home/End jump to the ends and the digit
 * keys pick that many whole stars. With no rating yet, "up" keys start from the lowest value.
 */
export function valueFromKey(current: number | null, key: string): number | null {
  const from = current ?? MIN_RATING - RATING_STEP;
  switch (key) {
    case 'ArrowRight':
    case 'ArrowUp':
      return clampRating(from + RATING_STEP);
    case 'ArrowLeft':
    case 'ArrowDown':
      return current === null ? null : clampRating(current - RATING_STEP);
    case 'PageUp':
      return clampRating(current === null ? 1 : current + 1);
    case 'PageDown':
      return current === null ? null : clampRating(current - 1);
    case 'Home':
      return MIN_RATING;
    case 'End':
      return MAX_RATING;
    default:
      if (/^[1-5]$/.test(key)) return Number(key);
      return null;
  }
}

/** Delete, Backspace and 0 remove the rating. */
export function isClearKey(key: string): boolean {
  return key === 'Delete' || key === 'Backspace' || key === '0';
}

export type StarFill = 'full' | 'half' | 'empty';

/** How star number `star` (1-based) is drawn for a rating of `value`. */
export function starFill(star: number, value: number | null): StarFill {
  if (value === null || value < star - RATING_STEP) return 'empty';
  return value >= star ? 'full' : 'half';
}

/** "1 star", "3.5 stars". */
export function formatStars(value: number): string {
  return value === 1 ? '1 star' : `${value} stars`;
}
