/*
 * The web's constants. The rating scale, how many ratings recommendations need, the genre list
 * and the oldest decade come from @marquee/contracts.
 */

/** The rating scale, and how many movies the page asks a user to rate before recommendations. */
export {
  MAX_RATING,
  MIN_RATING,
  MIN_RATINGS_FOR_RECOMMENDATIONS,
  RATING_STEP,
} from '@marquee/contracts';

/** Movies per sample (the first grid and each "Load more films"). */
export const SAMPLE_SIZE = 12;
/** Recommendations per request. */
export const RECOMMENDATION_COUNT = 10;
/** How long the page waits before asking again while no model is ready (HTTP 503). */
export const MODEL_PENDING_RETRY_MS = 4000;
/** How often the page asks how far training is, while no model is ready. */
export const TRAINING_POLL_MS = 2000;

/** Results per title search, and how long typing must pause before one is sent. */
export const SEARCH_LIMIT = 20;
export const SEARCH_DEBOUNCE_MS = 250;

/**
 * How long the page waits for the answer to a rating or skip before it keeps the write for a
 * retry: a little over the gateway's own deadline for a rating (about 8 s).
 */
export const WRITE_TIMEOUT_MS = 10_000;

/** The genres the recommendations can be limited to. */
export { MOVIELENS_GENRES as GENRES, MIN_DECADE } from '@marquee/contracts';

/** The decades the filter offers, newest first (the API takes MIN_DECADE to MAX_DECADE). */
export const DECADES: readonly number[] = Array.from({ length: 11 }, (_, i) => 2020 - 10 * i);
