import type { NcfConfig } from './config';

export interface WeightSpec {
  name: string;
  shape: number[];
}

export const USER_EMBEDDING = 'user_embedding';
export const MOVIE_EMBEDDING = 'movie_embedding';
export const hiddenKernel = (i: number): string => `hidden_${i}/kernel`;
export const hiddenBias = (i: number): string => `hidden_${i}/bias`;
export const OUTPUT_KERNEL = 'output/kernel';
export const OUTPUT_BIAS = 'output/bias';

/**
 * The weights of a model, by their artifact names, in artifact order. Kernels are row-major
 * [inputs, units] as tfjs stores them; hidden_0's inputs are the user embedding then the movie
 * embedding (the concatenation order).
 */
export function weightLayout(config: NcfConfig, numUsers: number, numMovies: number): WeightSpec[] {
  const d = config.embedDim;
  const specs: WeightSpec[] = [
    { name: USER_EMBEDDING, shape: [numUsers, d] },
    { name: MOVIE_EMBEDDING, shape: [numMovies, d] },
  ];
  let inputs = 2 * d;
  config.hiddenUnits.forEach((units, i) => {
    specs.push({ name: hiddenKernel(i), shape: [inputs, units] });
    specs.push({ name: hiddenBias(i), shape: [units] });
    inputs = units;
  });
  specs.push({ name: OUTPUT_KERNEL, shape: [inputs, 1] });
  specs.push({ name: OUTPUT_BIAS, shape: [1] });
  return specs;
}

export const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
