import { averageWeights } from './average-weights';
import type { NamedWeight } from '../network/model';

const weight = (name: string, values: number[]): NamedWeight => ({
  name,
  shape: [values.length],
  data: Float32Array.from(values),
});

describe('averageWeights', () => {
  it('averages each weight element-wise, keeping names and shapes', () => {
    const mean = averageWeights([
      [weight('a', [1, 2]), weight('b', [10])],
      [weight('a', [3, 6]), weight('b', [20])],
      [weight('a', [5, 1]), weight('b', [60])],
    ]);
    expect(mean.map((w) => w.name)).toEqual(['a', 'b']);
    expect(mean.map((w) => w.shape)).toEqual([[2], [1]]);
    expect(Array.from(mean[0]!.data)).toEqual([3, 3]);
    expect(Array.from(mean[1]!.data)).toEqual([30]);
  });

  it('copies a single snapshot rather than sharing its arrays', () => {
    const only = [weight('a', [1, 2])];
    const mean = averageWeights([only]);
    expect(Array.from(mean[0]!.data)).toEqual([1, 2]);
    expect(mean[0]!.data).not.toBe(only[0]!.data);
  });

  it('refuses snapshots that do not hold the same weights', () => {
    expect(() => averageWeights([])).toThrow('nothing to average');
    expect(() => averageWeights([[weight('a', [1])], [weight('b', [1])]])).toThrow(
      'snapshots disagree on weight a',
    );
    expect(() => averageWeights([[weight('a', [1])], [weight('a', [1, 2])]])).toThrow(
      'snapshots disagree on weight a',
    );
  });
});
