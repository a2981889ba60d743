export { initBackend, BACKEND_NAMES, type BackendName } from './network/backend';
export {
  DEFAULT_NCF_CONFIG,
  BEST_NCF_CONFIG,
  ncfConfigProblems,
  assertValidNcfConfig,
  isSeedArchitecture,
  modelOptions,
  type NcfConfig,
} from './format/config';
export {
  type TrainingTriples,
  assertValidTriples,
  groupRows,
  selectRows,
} from './training/triples';
export { splitTrainValidation, trainingSplit } from './training/split';
export { RatingScale } from './network/rating-scale';
export { SeededDropout } from './network/seeded-dropout';
export {
  buildNcfModel,
  readModelWeights,
  writeModelWeights,
  ratingLogit,
  type NamedWeight,
} from './network/model';
export { trainNcf, type EpochProgress, type NcfTrainingMetrics } from './training/train';
export {
  ARTIFACT_FORMAT,
  READABLE_ARTIFACT_FORMATS,
  ArtifactError,
  artifactChecksum,
  deserializeArtifact,
  serializeArtifact,
  validateArtifact,
  type NcfArtifact,
  type TrainingStats,
} from './format/artifact';
export { NcfNetwork } from './network/network';
export {
  DEFAULT_FOLD_IN_RIDGE,
  MAP_ITERATIONS,
  type FoldInRidge,
  UserFoldIn,
  assertValidRatings,
} from './serving/fold-in';
export { FOLD_IN_METHODS, type FoldInMethod } from './format/fold-in-method';
export {
  DEFAULT_FOLD_IN,
  NcfScorer,
  type MovieRating,
  type NcfScorerOptions,
  type RecommendInput,
  type ScoredMovie,
  type ScoringEngine,
} from './serving/scorer';
export { topKIndices, pickFromPool } from './serving/variety';
export { binaryNdcg } from './training/ranking-train';
export { liveTensorCount } from './network/tensor-tower';
export { createRandom, shuffleInPlace } from './format/random';
export {
  NEW_USER_MIN_HIDDEN,
  drawUsers,
  holdOutUsers,
  revealRatings,
  type HeldOutUsers,
  type Revealed,
  type UserHoldOut,
} from './training/new-user-split';
export { choleskyFactor, choleskyInverse, solveSymmetricPositive } from './serving/cholesky';
export { weightLayout, type WeightSpec } from './format/weights-layout';
export {
  ItemSimilarity,
  REASON_MIN_RATING,
  REASON_MIN_SHARE,
  REASON_REUSE_DISCOUNT,
  type RecommendationBecause,
} from './serving/explain';
export { buildReasonNeighbours, REASON_NEIGHBOURS } from './training/reason-neighbours';
export type { FilmNeighbourLists } from './format/neighbour-lists';
export { filmFeatureTokens, type FilmFacts } from './training/film-features';
export { servingArtifact, type ServingArtifact } from './training/serving-artifact';
export {
  trainForServing,
  type ServingTraining,
  type ServingTrainingOptions,
} from './training/train-for-serving';
export {
  FilmRatingStats,
  type FilmRatings,
  type ItemMeanSource,
} from './serving/film-rating-stats';
export {
  LAMBDA_GRID,
  chooseShrinkage,
  meanRating,
  predictUserOffset,
  shrunkOffset,
  userOffset,
} from './serving/user-offset';
export {
  DEFAULT_NEIGHBOURS,
  DEFAULT_SIMILARITY_SHRINKAGE,
  ItemNeighbours,
  type ItemNeighbourOptions,
} from './training/item-neighbours';
export { RidgeAccumulator } from './training/ridge';
export * from './serving/stack';
export * from './format/new-user-stack';
export * from './training/fit-stack';
