import { z } from 'zod';

export const MIN_RATING = 0.5;
export const MAX_RATING = 5;
export const RATING_STEP = 0.5;
/**
 * A rating of this or more means the user liked the film: only such a film is cited as the
 * reason for a recommendation ("Because you rated …").
 */
export const LIKED_RATING = 4;

/** A star rating: 0.5 to 5 in half stars. */
export const ratingValue = z
  .number({ error: 'rating must be a number' })
  .finite()
  .min(MIN_RATING, `rating must be at least ${MIN_RATING}`)
  .max(MAX_RATING, `rating must be at most ${MAX_RATING}`)
  .refine((r) => Number.isInteger(r / RATING_STEP), {
    message: `rating must be a multiple of ${RATING_STEP}`,
  });
