export { initBackend, BACKEND_NAMES, type BackendName } from './backend';
export { registerGatherGradient } from './gather-gradient';
export {
  DEFAULT_NCF_CONFIG,
  ncfConfigProblems,
  assertValidNcfConfig,
  type NcfConfig,
} from './config';
export { type TrainingTriples, assertValidTriples } from './triples';
export { splitTrainValidation } from './split';
export { RatingScale } from './rating-scale';
export { SeededDropout } from './seeded-dropout';
export { buildNcfModel, readModelWeights, writeModelWeights, type NamedWeight } from './model';
export { trainNcf, type EpochProgress, type NcfTrainingMetrics } from './train';
export {
  ARTIFACT_FORMAT,
  ArtifactError,
  artifactChecksum,
  deserializeArtifact,
  serializeArtifact,
  validateArtifact,
  type NcfArtifact,
} from './artifact';
export {
  NcfScorer,
  type MovieRating,
  type NcfScorerOptions,
  type RecommendInput,
  type ScoredMovie,
  type ScoringEngine,
} from './scorer';
export { topKIndices, pickFromPool } from './variety';
export { liveTensorCount } from './tensor-tower';
export { createRandom, shuffleInPlace } from './random';
export { weightLayout, type WeightSpec } from './weights-layout';
