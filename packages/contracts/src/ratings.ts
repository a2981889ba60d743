import { MAX_RATING, MIN_RATING, RATING_STEP } from '@marquee/ncf/ratings';
import { z } from 'zod';

/**
 * The rating scale and the liked threshold are the model's (@marquee/ncf/ratings: a file that
 * imports nothing, so neither these contracts nor the web pull in TensorFlow.js).
 */
export { LIKED_RATING, MAX_RATING, MIN_RATING, RATING_STEP } from '@marquee/ncf/ratings';

/** A star rating: 0.5 to 5 in half stars. */
export const ratingValue = z
  .number({ error: 'rating must be a number' })
  .finite()
  .min(MIN_RATING, `rating must be at least ${MIN_RATING}`)
  .max(MAX_RATING, `rating must be at most ${MAX_RATING}`)
  .refine((r) => Number.isInteger(r / RATING_STEP), {
    message: `rating must be a multiple of ${RATING_STEP}`,
  });
