/*
 * The rating scale: what a rating is for the training data, the model's output range and the
 * API alike. This file imports nothing: @marquee/contracts re-exports it (@marquee/ncf/ratings)
 * and the web bundles it, so it must never pull in TensorFlow.js or Node built-ins.
 */

export const MIN_RATING = 0.5;
export const MAX_RATING = 5;
export const RATING_STEP = 0.5;
/**
 * A rating of this or more means the user liked the movie: only such a movie is cited as the
 * reason for a recommendation ("Because you rated …").
 */
export const LIKED_RATING = 4;
