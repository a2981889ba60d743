import { BEST_NCF_CONFIG, DEFAULT_NCF_CONFIG, ncfConfigProblems } from './config';
import {
  DEFAULT_RANKING_CONFIG,
  rankingConfigProblems,
  type RankingConfig,
} from './ranking-config';

describe('rankingConfigProblems', () => {
  it('accepts the default, and the edges of each range', () => {
    expect(rankingConfigProblems(DEFAULT_RANKING_CONFIG)).toEqual([]);
    expect(
      rankingConfigProblems({ ...DEFAULT_RANKING_CONFIG, inputDropout: 0, l2: 0, embedDim: 1 }),
    ).toEqual([]);
    expect(
      rankingConfigProblems({
        ...DEFAULT_RANKING_CONFIG,
        newUserFeatures: { epochs: 1, movies: 1 },
      }),
    ).toEqual([]);
    // A config from before lazyAdam existed: dense Adam.
    expect(
      rankingConfigProblems({
        ...DEFAULT_RANKING_CONFIG,
        sampledSoftmax: { aboveMovies: 0, negatives: 64, exponent: 0.75 },
      }),
    ).toEqual([]);
  });

  it.each<[keyof RankingConfig, unknown, string]>([
    ['embedDim', 0, 'ranking.embedDim must be a positive integer'],
    ['embedDim', 2.5, 'ranking.embedDim must be a positive integer'],
    ['embedDim', '8', 'ranking.embedDim must be a positive integer'],
    ['batchSize', -16, 'ranking.batchSize must be a positive integer'],
    ['maxEpochs', undefined, 'ranking.maxEpochs must be a positive integer'],
    ['patience', 0, 'ranking.patience must be a positive integer'],
    ['inputDropout', 1, 'ranking.inputDropout must be a number in [0, 1)'],
    ['inputDropout', -0.1, 'ranking.inputDropout must be a number in [0, 1)'],
    ['inputDropout', NaN, 'ranking.inputDropout must be a number in [0, 1)'],
    ['l2', -0.001, 'ranking.l2 must be a number >= 0'],
    ['l2', Infinity, 'ranking.l2 must be a number >= 0'],
    ['learningRate', 0, 'ranking.learningRate must be a positive number'],
    ['learningRate', null, 'ranking.learningRate must be a positive number'],
    ['newUserFeatures', null, 'ranking.newUserFeatures must be an object'],
    [
      'newUserFeatures',
      { epochs: 0, movies: 10 },
      'ranking.newUserFeatures.epochs must be a positive integer',
    ],
    [
      'newUserFeatures',
      { epochs: 20 },
      'ranking.newUserFeatures.movies must be a positive integer',
    ],
    ['sampledSoftmax', null, 'ranking.sampledSoftmax must be an object'],
    [
      'sampledSoftmax',
      { aboveMovies: -1, negatives: 2048, exponent: 0.75 },
      'ranking.sampledSoftmax.aboveMovies must be an integer >= 0',
    ],
    [
      'sampledSoftmax',
      { aboveMovies: 0, negatives: 0.5, exponent: 0.75 },
      'ranking.sampledSoftmax.negatives must be a positive integer',
    ],
    [
      'sampledSoftmax',
      { aboveMovies: 0, negatives: 64, exponent: -1 },
      'ranking.sampledSoftmax.exponent must be a number >= 0',
    ],
    [
      'sampledSoftmax',
      { aboveMovies: 0, negatives: 64, exponent: 0.75, lazyAdam: 'yes' },
      'ranking.sampledSoftmax.lazyAdam must be a boolean',
    ],
    [
      'sampledSoftmax',
      { aboveMovies: 0, negatives: 64, exponent: 0.75, minEpochs: -1 },
      'ranking.sampledSoftmax.minEpochs must be an integer >= 0',
    ],
  ])('rejects %s = %p', (key, value, problem) => {
    expect(rankingConfigProblems({ ...DEFAULT_RANKING_CONFIG, [key]: value })).toEqual([problem]);
  });

  it('lists every problem, one line each', () => {
    expect(rankingConfigProblems({ ...DEFAULT_RANKING_CONFIG, embedDim: 0, l2: -1 })).toEqual([
      'ranking.embedDim must be a positive integer',
      'ranking.l2 must be a number >= 0',
    ]);
    expect(rankingConfigProblems({})).toHaveLength(7);
  });

  it('rejects a value that is not an object', () => {
    expect(rankingConfigProblems(null)).toEqual(['ranking must be an object']);
    expect(rankingConfigProblems(128)).toEqual(['ranking must be an object']);
  });
});

describe('ncfConfigProblems with a ranking network', () => {
  it('accepts the best configuration, which has one', () => {
    expect(BEST_NCF_CONFIG.ranking).toEqual(DEFAULT_RANKING_CONFIG);
    expect(ncfConfigProblems(BEST_NCF_CONFIG)).toEqual([]);
    expect(DEFAULT_NCF_CONFIG.ranking).toBeUndefined();
  });

  it('reports the ranking problems beside the rating network ones', () => {
    expect(
      ncfConfigProblems({
        ...DEFAULT_NCF_CONFIG,
        dropout: 1,
        ranking: { ...DEFAULT_RANKING_CONFIG, patience: 0 },
      }),
    ).toEqual([
      'dropout must be a number in [0, 1)',
      'ranking.patience must be a positive integer',
    ]);
    expect(ncfConfigProblems({ ...DEFAULT_NCF_CONFIG, ranking: 'yes' })).toEqual([
      'ranking must be an object',
    ]);
  });
});
