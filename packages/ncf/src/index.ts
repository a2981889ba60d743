export { initBackend, BACKEND_NAMES, type BackendName } from './backend';
export {
  DEFAULT_NCF_CONFIG,
  BEST_NCF_CONFIG,
  ncfConfigProblems,
  assertValidNcfConfig,
  isSeedArchitecture,
  modelOptions,
  type NcfConfig,
} from './config';
export { type TrainingTriples, assertValidTriples, groupRows, selectRows } from './triples';
export { splitTrainValidation, trainingSplit } from './split';
export { RatingScale } from './rating-scale';
export { SeededDropout } from './seeded-dropout';
export {
  buildNcfModel,
  readModelWeights,
  writeModelWeights,
  ratingLogit,
  type NamedWeight,
} from './model';
export { trainNcf, type EpochProgress, type NcfTrainingMetrics } from './train';
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
} from './artifact';
export { NcfNetwork } from './network';
export {
  DEFAULT_FOLD_IN_RIDGE,
  MAP_ITERATIONS,
  type FoldInRidge,
  UserFoldIn,
  assertValidRatings,
} from './fold-in';
export { FOLD_IN_METHODS, type FoldInMethod } from './fold-in-method';
export {
  DEFAULT_FOLD_IN,
  NcfScorer,
  type MovieRating,
  type NcfScorerOptions,
  type RecommendInput,
  type ScoredMovie,
  type ScoringEngine,
} from './scorer';
export { topKIndices, pickFromPool } from './variety';
export { binaryNdcg } from './ranking/train';
export { liveTensorCount } from './tensor-tower';
export { createRandom, shuffleInPlace } from './random';
export {
  NEW_USER_MIN_HIDDEN,
  drawUsers,
  holdOutUsers,
  revealRatings,
  type HeldOutUsers,
  type Revealed,
  type UserHoldOut,
} from './new-user-split';
export { choleskyFactor, choleskyInverse, solveSymmetricPositive } from './cholesky';
export { weightLayout, type WeightSpec } from './weights-layout';
export {
  ItemSimilarity,
  REASON_MIN_RATING,
  REASON_MIN_SHARE,
  REASON_REUSE_DISCOUNT,
  type RecommendationBecause,
} from './explain';
export { buildReasonNeighbours, REASON_NEIGHBOURS } from './reason-neighbours';
export type { FilmNeighbourLists } from './neighbour-lists';
export { filmFeatureTokens, type FilmFacts } from './film-features';
export { servingArtifact, type ServingArtifact } from './serving-artifact';
export {
  trainForServing,
  type ServingTraining,
  type ServingTrainingOptions,
} from './train-for-serving';
export * from './cold-start';
