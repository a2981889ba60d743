import {
  BEST_NCF_CONFIG,
  DEFAULT_NCF_CONFIG,
  ncfConfigProblems,
  usesSparseAdam,
  withEpochBudget,
} from './config';

describe('ncfConfigProblems', () => {
  it('accepts the faithful and best configurations', () => {
    expect(ncfConfigProblems(DEFAULT_NCF_CONFIG)).toEqual([]);
    expect(ncfConfigProblems(BEST_NCF_CONFIG)).toEqual([]);
  });

  it.each<[string, unknown, string]>([
    ['not an object', 3, 'averageEpochs must be an object { before, after }'],
    ['a negative before', { before: -1, after: 1 }, 'averageEpochs.before must be an integer >= 0'],
    [
      'a fractional after',
      { before: 1, after: 1.5 },
      'averageEpochs.after must be an integer >= 0',
    ],
    [
      'after beyond patience',
      { before: 1, after: 3 },
      'averageEpochs.after must be at most patience (training stops there)',
    ],
  ])('rejects averageEpochs with %s', (_, averageEpochs, problem) => {
    expect(ncfConfigProblems({ ...DEFAULT_NCF_CONFIG, patience: 2, averageEpochs })).toEqual([
      problem,
    ]);
  });

  it.each([-1, 2.5, '100'])('rejects sparseAdamAboveMovies = %p', (sparseAdamAboveMovies) => {
    expect(ncfConfigProblems({ ...DEFAULT_NCF_CONFIG, sparseAdamAboveMovies })).toEqual([
      'sparseAdamAboveMovies must be an integer >= 0',
    ]);
  });
});

describe('usesSparseAdam', () => {
  it('holds above the threshold only, and never without one', () => {
    const config = { ...DEFAULT_NCF_CONFIG, sparseAdamAboveMovies: 100 };
    expect(usesSparseAdam(config, 100)).toBe(false);
    expect(usesSparseAdam(config, 101)).toBe(true);
    expect(usesSparseAdam(DEFAULT_NCF_CONFIG, 1e9)).toBe(false);
  });
});

describe('withEpochBudget', () => {
  it("sets the rating network's epochs and caps the ranking network's, never raising them", () => {
    const ranking = BEST_NCF_CONFIG.ranking;
    if (!ranking) throw new Error('the best configuration has a ranking network');
    const quick = withEpochBudget(BEST_NCF_CONFIG, 2);
    expect(quick.maxEpochs).toBe(2);
    expect(quick.ranking?.maxEpochs).toBe(2);
    expect(quick.ranking?.embedDim).toBe(ranking.embedDim);
    const long = withEpochBudget(BEST_NCF_CONFIG, ranking.maxEpochs + 50);
    expect(long.maxEpochs).toBe(ranking.maxEpochs + 50);
    expect(long.ranking?.maxEpochs).toBe(ranking.maxEpochs);
    expect(withEpochBudget(DEFAULT_NCF_CONFIG, 3)).toEqual({ ...DEFAULT_NCF_CONFIG, maxEpochs: 3 });
  });
});
