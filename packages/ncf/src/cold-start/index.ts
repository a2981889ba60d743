export { FilmRatingStats, type FilmRatings, type ItemMeanSource } from './film-rating-stats';
export { predictUserOffset, userOffset } from './user-offset';
export {
  DEFAULT_NEIGHBOURS,
  DEFAULT_SIMILARITY_SHRINKAGE,
  ItemNeighbours,
  type ItemNeighbourOptions,
} from './item-neighbours';
export { KNN_DAMPING, KnnResidual, type FilmResidual } from './knn-residual';
export { RidgeAccumulator } from './ridge';
export {
  DEFAULT_STACK_RIDGE,
  STACK_BUCKET_EDGES,
  STACK_FEATURES,
  StackFeatures,
  StackFitter,
  applyStack,
  stackBucket,
  type StackInputs,
  type StackWeights,
} from './stack';
