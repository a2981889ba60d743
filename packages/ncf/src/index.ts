/*
 * @marquee/ncf: the NCF model in four layers, each importing only the ones below it (eslint's
 * import-x/no-restricted-paths zones in eslint.config.mjs check it):
 *   format/    the persisted artifact, its config and weight layout, the rating scale
 *   network/   the TensorFlow.js backend, the rating and ranking networks
 *   serving/   the scorer: fold-in, the new-user stack, variety, reasons
 *   training/  the train loops, the new-user stack's fit, the reason lists
 * How a recommendation is computed (NcfScorer.recommend), in file order: format/artifact.ts reads
 * and validates the model version; serving/scorer.ts folds the user in from their ratings
 * (serving/fold-in.ts, through the rating network of network/network.ts); the ranking network
 * (network/ranking-network.ts) turns the ratings into a user vector, from the plain input table
 * for a user the model was trained on and from the new users' table otherwise, and scores every
 * allowed movie (network/ranking-tower.ts on the tensor engine); the rating network predicts the
 * stars of the movies that can reach the pool (network/network.ts's loops for a few,
 * network/tensor-tower.ts for many; corrected for a new user by serving/stack.ts); each movie's order is its logit plus log P(liked | stars)
 * (network/ranking-network.ts, logLikeProbability); serving/variety.ts keeps the top 30 and draws
 * the shown movies from them; serving/explain.ts gives each its reason.
 * This index exports what the services and ncf-lab use, layer by layer (each layer's index).
 * Beside it, @marquee/ncf/ratings and @marquee/ncf/random: the rating scale and the seeded
 * generator, files that import nothing, for @marquee/contracts.
 */
// Each layer's index by its full path, so that a file beside a folder of the same name cannot
// shadow it (Node resolves ./network to network.js before network/index.js).
export * from './format/index';
export * from './network/index';
export * from './serving/index';
export * from './training/index';
