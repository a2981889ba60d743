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
export * from './stack';
