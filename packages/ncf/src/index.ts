/*
 * @marquee/ncf: the NCF model in four layers, each importing only the ones below it (eslint's
 * import-x/no-restricted-paths zones in eslint.config.mjs check it):
 *   format/    the persisted artifact, its config and weight layout, the rating scale
 *   network/   the TensorFlow.js backend, the rating and ranking networks
 *   serving/   the scorer: fold-in, the new-user stack, variety, reasons
 *   training/  the train loops, the new-user stack's fit, the reason lists
 * This index exports what the services and ncf-lab use, layer by layer (each layer's index).
 * Beside it, @marquee/ncf/ratings and @marquee/ncf/random: the rating scale and the seeded
 * generator, files that import nothing, for @marquee/contracts.
 */
export * from './format';
export * from './network';
export * from './serving';
export * from './training';
