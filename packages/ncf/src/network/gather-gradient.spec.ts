import * as tf from '@tensorflow/tfjs';
import { initBackend, useBundledWasmFiles } from './backend';
import { registerGatherGradient } from './gather-gradient';

/** Backends this machine can run: cpu and wasm always, tensorflow where tfjs-node loads. */
const backends = ['cpu', 'wasm', 'tensorflow'];

describe('GatherV2 scatter-add gradient', () => {
  let available: string[] = [];
  beforeAll(async () => {
    const initial = await initBackend();
    useBundledWasmFiles();
    registerGatherGradient();
    available = [];
    for (const name of backends) {
      if (tf.findBackendFactory(name) && (await tf.setBackend(name))) available.push(name);
    }
    await tf.setBackend(initial);
  });

  // table rows 0..3 of width 2; row 2 is gathered three times, row 3 never.
  const table = [
    [1, 2],
    [3, 4],
    [5, 6],
    [7, 8],
  ];
  const weights = [
    [0.5, -1],
    [2, 3],
    [-4, 0.25],
    [1.5, 1.5],
  ];

  it.each(backends)(
    'on %s, sums dy rows per gathered index (repeated indices add up)',
    async (name) => {
      if (!available.includes(name)) {
        expect(name).toBe('tensorflow'); // only tfjs-node may be missing here
        return;
      }
      await tf.setBackend(name);
      const x = tf.tensor2d(table);
      const indices = tf.tensor1d([2, 0, 2, 2], 'int32');
      const w = tf.tensor2d(weights);
      const profile = await tf.profile(() =>
        tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, indices), w)))(x),
      );
      const grad = profile.result as tf.Tensor;
      // d/dx sum(w * x[idx]) = for each row r, the sum of w's rows where idx == r.
      const expected = [
        [2, 3],
        [0, 0],
        [0.5 + -4 + 1.5, -1 + 0.25 + 1.5],
        [0, 0],
      ];
      expect(grad.shape).toEqual([4, 2]);
      const values = (await grad.array()) as number[][];
      values.forEach((row, r) =>
        row.forEach((v, c) => expect(v).toBeCloseTo(expected[r]?.[c] as number, 6)),
      );
      expect(profile.kernelNames).toContain('ScatterNd');
      expect(profile.kernelNames).not.toContain('UnsortedSegmentSum');
      tf.dispose([x, indices, w, grad]);
    },
  );

  it('handles 2-D indices (as an embedding of a [batch, 1] input produces)', () => {
    const x = tf.tensor2d(table);
    const indices = tf.tensor2d([[1], [1], [3]], [3, 1], 'int32');
    const w = tf.tensor3d([[[1, 2]], [[10, 20]], [[100, 200]]]);
    const grad = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, indices), w)))(x);
    expect(grad.arraySync()).toEqual([
      [0, 0],
      [11, 22],
      [0, 0],
      [100, 200],
    ]);
    tf.dispose([x, indices, w, grad]);
  });

  it('keeps the default gradient for gathers along other axes', async () => {
    const previous = tf.getBackend();
    await tf.setBackend('cpu'); // the default gradient needs UnsortedSegmentSum (not in wasm)
    const x = tf.tensor2d(table);
    const indices = tf.tensor1d([1, 1], 'int32');
    const grad = tf.grad((t: tf.Tensor) => tf.sum(tf.gather(t, indices, 1)))(x);
    expect(grad.arraySync()).toEqual([
      [0, 2],
      [0, 2],
      [0, 2],
      [0, 2],
    ]);
    tf.dispose([x, indices, grad]);
    await tf.setBackend(previous);
  });
});
