import type { NcfConfig } from '../format/config';
import { createRandom, shuffleInPlace } from '../format/random';

/**
 * A seeded random split of `count` example indices: the first `fraction` of a seeded
 * permutation validates, the rest trains. Both parts get at least one example.
 */
export function splitTrainValidation(
  count: number,
  fraction: number,
  seed: number,
): { train: Int32Array; validation: Int32Array } {
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  shuffleInPlace(order, createRandom(seed));
  const validationSize = Math.min(count - 1, Math.max(1, Math.round(count * fraction)));
  return { validation: order.slice(0, validationSize), train: order.slice(validationSize) };
}

/** The split trainNcf makes of `count` ratings (validation rows are never fitted). */
export function trainingSplit(
  count: number,
  config: Pick<NcfConfig, 'validationFraction' | 'seed'>,
): { train: Int32Array; validation: Int32Array } {
  return splitTrainValidation(count, config.validationFraction, config.seed);
}
