import { DEFAULT_NCF_CONFIG, type NcfConfig } from '@marquee/ncf';
import type { GradientFoldInOptions } from './frozen-ncf';

export type FoldInMethod =
  | { method: 'rating-weighted-average' }
  | ({ method: 'gradient'; start: 'rating-weighted-average' } & GradientFoldInOptions);

/** What an evaluation runs: the model's hyperparameters and how a new user is folded in. */
export interface LabConfig {
  name: 'best' | 'faithful';
  description: string;
  ncf: NcfConfig;
  foldIn: FoldInMethod;
}

/** Exactly the seed's model and fold-in (what NcfScorer.foldIn does). */
export function faithfulConfig(seed: number): LabConfig {
  return {
    name: 'faithful',
    description: "the seed's model (DEFAULT_NCF_CONFIG) and its rating-weighted average fold-in",
    ncf: { ...DEFAULT_NCF_CONFIG, hiddenUnits: [...DEFAULT_NCF_CONFIG.hiddenUnits], seed },
    foldIn: { method: 'rating-weighted-average' },
  };
}

/**
 * The best configuration measured so far (docs/benchmarks.md): the seed's model, with a
 * new user's vector refined by gradient steps through the frozen network, starting from the
 * seed's rating-weighted average.
 */
export function bestConfig(seed: number): LabConfig {
  return {
    name: 'best',
    description:
      "the seed's model; fold-in = rating-weighted average refined by Adam steps on the user " +
      'vector through the frozen network',
    ncf: { ...DEFAULT_NCF_CONFIG, hiddenUnits: [...DEFAULT_NCF_CONFIG.hiddenUnits], seed },
    foldIn: {
      method: 'gradient',
      start: 'rating-weighted-average',
      steps: 30,
      learningRate: 0.01,
      l2: 0.1,
    },
  };
}

export function labConfig(faithful: boolean, seed: number): LabConfig {
  return faithful ? faithfulConfig(seed) : bestConfig(seed);
}
