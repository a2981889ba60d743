// Layer 3 of 4, serving: what answers a request: the scorer, a new user's fold-in and stack correction, the variety step and the reasons; imports only format and network.
//
// Below: what the services and the lab use of this layer (the layer above imports its files
// directly).
export { choleskyInverse } from './cholesky';
export { MovieSimilarity, REASON_MIN_SHARE, REASON_REUSE_DISCOUNT } from './explain';
export { MovieRatingStats } from './movie-rating-stats';
export { DEFAULT_FOLD_IN, NcfScorer, type MovieRating, type ScoringEngine } from './scorer';
export { STACK_BUCKET_EDGES } from './stack';
export {
  LAMBDA_GRID,
  chooseShrinkage,
  meanRating,
  predictUserOffset,
  userOffset,
} from './user-offset';
export { topKIndices } from './variety';
