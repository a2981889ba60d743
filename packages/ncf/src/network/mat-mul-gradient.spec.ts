import * as tf from '@tensorflow/tfjs';
import { initBackend, useBundledWasmFiles } from './backend';
import { registerMatMulGradient } from './mat-mul-gradient';

/** Backends this machine can run: cpu and wasm always, tensorflow where tfjs-node loads. */
const backends = ['cpu', 'wasm', 'tensorflow'];

type Matrix = number[][];
const transpose = (m: Matrix): Matrix =>
  (m[0] as number[]).map((_, j) => m.map((row) => row[j] as number));
const product = (x: Matrix, y: Matrix): Matrix =>
  x.map((row) =>
    (y[0] as number[]).map((_, j) => row.reduce((s, v, k) => s + v * (y[k]?.[j] as number), 0)),
  );

/**
 * d/dA and d/dB of sum(op(A) op(B) * G), op = transpose when flagged: with C = op(A) op(B),
 * dL/d op(A) = G op(B)^T and dL/d op(B) = op(A)^T G, transposed back where op transposes.
 */
function expectedGradients(a: Matrix, b: Matrix, g: Matrix, tA: boolean, tB: boolean) {
  const opA = tA ? transpose(a) : a;
  const opB = tB ? transpose(b) : b;
  const dOpA = product(g, transpose(opB));
  const dOpB = product(transpose(opA), g);
  return { a: tA ? transpose(dOpA) : dOpA, b: tB ? transpose(dOpB) : dOpB };
}

// op(A) is 2 x 3 and op(B) is 3 x 4 whatever the flags; the stored matrices follow the flags.
const opA: Matrix = [
  [1, -2, 0.5],
  [3, 0.25, -1],
];
const opB: Matrix = [
  [2, 0, -1, 1.5],
  [-0.5, 1, 3, 0],
  [1, -2, 0.75, 2],
];
const weights: Matrix = [
  [1, 2, -3, 0.5],
  [-1, 0.25, 4, 2],
];

describe('BatchMatMul gradient through explicit transposes', () => {
  const available: string[] = [];
  let initial = '';
  beforeAll(async () => {
    initial = await initBackend();
    useBundledWasmFiles();
    registerMatMulGradient();
    for (const name of backends) {
      if (tf.findBackendFactory(name) && (await tf.setBackend(name))) available.push(name);
    }
  });
  afterAll(async () => {
    await tf.setBackend(initial);
  });

  const cases = backends.flatMap((backend) =>
    [false, true].flatMap((tA) => [false, true].map((tB) => ({ backend, tA, tB }))),
  );

  it.each(cases)(
    'on $backend with transposeA $tA, transposeB $tB: the exact derivatives',
    async ({ backend, tA, tB }) => {
      if (!available.includes(backend)) {
        expect(backend).toBe('tensorflow'); // only tfjs-node may be missing here
        return;
      }
      await tf.setBackend(backend);
      const aValues = tA ? transpose(opA) : opA;
      const bValues = tB ? transpose(opB) : opB;
      const a = tf.tensor2d(aValues);
      const b = tf.tensor2d(bValues);
      const g = tf.tensor2d(weights);
      const profile = await tf.profile(() =>
        tf.grads((x: tf.Tensor, y: tf.Tensor) =>
          tf.sum(tf.mul(tf.matMul(x as tf.Tensor2D, y as tf.Tensor2D, tA, tB), g)),
        )([a, b]),
      );
      const [da, db] = profile.result as tf.Tensor[];
      const expected = expectedGradients(aValues, bValues, weights, tA, tB);
      expect(da?.shape).toEqual(a.shape);
      expect(db?.shape).toEqual(b.shape);
      const close = (actual: Matrix, wanted: Matrix) =>
        actual.forEach((row, r) =>
          row.forEach((v, c) => expect(v).toBeCloseTo(wanted[r]?.[c] as number, 5)),
        );
      close((await (da as tf.Tensor).array()) as Matrix, expected.a);
      close((await (db as tf.Tensor).array()) as Matrix, expected.b);
      // The replacement, not the default, computed them: it transposes explicitly.
      expect(profile.kernelNames).toContain('Transpose');
      tf.dispose([a, b, g, da as tf.Tensor, db as tf.Tensor]);
    },
  );

  it('handles a batch of matrices (rank 3), as the default gradient does', async () => {
    await tf.setBackend('cpu');
    const a = tf.tensor3d([opA, opA.map((row) => row.map((v) => -v))]);
    const b = tf.tensor3d([opB, opB]);
    const g = tf.tensor3d([weights, weights]);
    const [da, db] = tf.grads((x: tf.Tensor, y: tf.Tensor) =>
      tf.sum(tf.mul(tf.matMul(x as tf.Tensor3D, y as tf.Tensor3D), g)),
    )([a, b]);
    const expected = expectedGradients(opA, opB, weights, false, false);
    const daValues = (await (da as tf.Tensor).array()) as Matrix[];
    expect(daValues[0]?.[1]?.[2]).toBeCloseTo(expected.a[1]?.[2] as number, 5);
    expect(daValues[1]).toEqual(daValues[0]);
    // One dB per batch entry: the second A is -A, so its dB is the first one negated.
    const dbValues = (await (db as tf.Tensor).array()) as Matrix[];
    expect(dbValues[0]?.[2]?.[3]).toBeCloseTo(expected.b[2]?.[3] as number, 5);
    expect(dbValues[1]?.[2]?.[3]).toBeCloseTo(-(expected.b[2]?.[3] as number), 5);
    tf.dispose([a, b, g, da as tf.Tensor, db as tf.Tensor]);
  });
});
