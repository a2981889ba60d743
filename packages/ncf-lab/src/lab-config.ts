import {
  BEST_NCF_CONFIG,
  DEFAULT_NCF_CONFIG,
  type FoldInMethod,
  type NcfConfig,
} from '@marquee/ncf';

/** What an evaluation runs: the model's hyperparameters and how a new user is folded in. */
export interface LabConfig {
  name: 'best' | 'faithful';
  description: string;
  ncf: NcfConfig;
  foldIn: FoldInMethod;
}

/** Exactly the faithful model and fold-in (NcfScorer.foldIn with 'average'). */
export function faithfulConfig(seed: number): LabConfig {
  return {
    name: 'faithful',
    description:
      "the original project's model (DEFAULT_NCF_CONFIG) and its rating-weighted average fold-in",
    ncf: { ...DEFAULT_NCF_CONFIG, hiddenUnits: [...DEFAULT_NCF_CONFIG.hiddenUnits], seed },
    foldIn: 'average',
  };
}

/**
 * The best configuration measured so far (docs/benchmarks.md): BEST_NCF_CONFIG (the faithful
 * network with bias terms, a GMF branch, movie features and a ridge prior on the embeddings);
 * new users folded in by MAP (NcfScorer 'map').
 */
export function bestConfig(seed: number): LabConfig {
  return {
    name: 'best',
    description:
      "the original project's network plus user/film biases, a GMF branch (NeuMF), film features (genres, decade) " +
      'and a ridge prior on embeddings; ' +
      'fold-in = MAP estimate of the user vector (Gauss-Newton through the frozen network)',
    ncf: { ...BEST_NCF_CONFIG, hiddenUnits: [...BEST_NCF_CONFIG.hiddenUnits], seed },
    foldIn: 'map',
  };
}

export function labConfig(faithful: boolean, seed: number): LabConfig {
  return faithful ? faithfulConfig(seed) : bestConfig(seed);
}

/**
 * The config to run when no movies.csv is at hand: the same without movie features, in the
 * rating network and the ranking network's new-user table (a config that has none is returned
 * unchanged).
 */
export function withoutMovieFeatures(config: LabConfig): LabConfig {
  const ranking = config.ncf.ranking;
  if (!config.ncf.filmFeatures && !ranking?.newUserFeatures) return config;
  const ncf: NcfConfig = { ...config.ncf, filmFeatures: false };
  if (ranking?.newUserFeatures) {
    const { newUserFeatures: _dropped, ...withoutNewUsers } = ranking;
    ncf.ranking = withoutNewUsers;
  }
  return {
    ...config,
    description: `${config.description} (without film features: no movies.csv given)`,
    ncf,
  };
}
