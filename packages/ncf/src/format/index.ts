// Layer 1 of 4, format: the persisted artifact (types, validation, bytes), the config and weight layout it records, the rating scale and the seeded generator; imports no other layer.
//
// Below: what the services and the lab use of this layer (the layers above import its files
// directly). ratings.ts and random.ts import nothing at all: @marquee/contracts re-exports them
// through the subpaths @marquee/ncf/ratings and @marquee/ncf/random.
export {
  ARTIFACT_FORMAT,
  artifactChecksum,
  deserializeArtifact,
  serializeArtifact,
  type NcfArtifact,
} from './artifact';
export { BEST_NCF_CONFIG, DEFAULT_NCF_CONFIG, withEpochBudget, type NcfConfig } from './config';
export { FOLD_IN_METHODS, type FoldInMethod } from './fold-in-method';
export { createRandom, shuffleInPlace } from './random';
export { weightLayout } from './weights-layout';
