export { FilmRatingStats, type FilmRatings, type ItemMeanSource } from './film-rating-stats';
export {
  LAMBDA_GRID,
  chooseShrinkage,
  meanRating,
  predictUserOffset,
  shrunkOffset,
  userOffset,
} from './user-offset';
export {
  DEFAULT_NEIGHBOURS,
  DEFAULT_SIMILARITY_SHRINKAGE,
  ItemNeighbours,
  type ItemNeighbourOptions,
} from './item-neighbours';
export { RidgeAccumulator } from './ridge';
export * from './stack';
export * from '../new-user-stack';
export * from './fit-stack';
