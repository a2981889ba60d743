import type { NamedWeight } from '../network/model';

/** The element-wise mean of several snapshots of the same weights (same names, same shapes). */
export function averageWeights(snapshots: readonly (readonly NamedWeight[])[]): NamedWeight[] {
  const first = snapshots[0];
  if (!first) throw new RangeError('nothing to average');
  return first.map((weight, k) => {
    const data = new Float32Array(weight.data.length);
    for (const snapshot of snapshots) {
      const other = snapshot[k];
      if (!other || other.name !== weight.name || other.data.length !== data.length) {
        throw new RangeError(`snapshots disagree on weight ${weight.name}`);
      }
      for (let i = 0; i < data.length; i++)
        data[i] = (data[i] as number) + (other.data[i] as number);
    }
    for (let i = 0; i < data.length; i++) data[i] = (data[i] as number) / snapshots.length;
    return { name: weight.name, shape: [...weight.shape], data };
  });
}
