import { BEST_NCF_CONFIG, DEFAULT_NCF_CONFIG, ncfConfigProblems, usesSparseAdam } from './config';

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
