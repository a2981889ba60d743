import { BEST_NCF_CONFIG, DEFAULT_NCF_CONFIG, ncfConfigProblems } from './config';

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
});
