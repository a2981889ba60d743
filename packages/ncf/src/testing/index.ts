// Not a layer: fixtures for the specs (and the lab's benchmarks, through @marquee/ncf/testing); no layer's source file imports it.
export { buildRandomArtifact } from './random-artifact';
export { buildSyntheticTriples, type SyntheticTriplesOptions } from './synthetic-triples';
