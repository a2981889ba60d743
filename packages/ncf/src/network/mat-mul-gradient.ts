import * as tf from '@tensorflow/tfjs';

let registered = false;

/** The tensor with its last two axes swapped. */
function swapLastTwo(x: tf.Tensor): tf.Tensor {
  const perm = x.shape.map((_, i) => i);
  const r = perm.length;
  [perm[r - 2], perm[r - 1]] = [perm[r - 1] as number, perm[r - 2] as number];
  return tf.transpose(x, perm);
}

/**
 * Replaces the gradient of the BatchMatMul kernel (a dense layer's matMul while training) with
 * the same derivatives computed as plain products of explicitly transposed operands. The
 * default gradient asks for products with transposeA or transposeB, which the wasm backend runs
 * through a slow scalar loop: about 11-14 ms for a [1024, 130] x [130, 64] layer's gradients
 * against 1.6-1.8 ms for a transpose then a plain product (docs/benchmarks.md, Findings). On the
 * other backends the extra transpose is a copy. Same shapes and values as the default, which
 * does not reduce broadcast batch axes either. Idempotent.
 */
export function registerMatMulGradient(): void {
  if (registered) return;
  tf.registerGradient({
    kernelName: tf.BatchMatMul,
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved, attrs) => {
      const [a, b] = saved as [tf.Tensor, tf.Tensor];
      const g = dy as tf.Tensor;
      const { transposeA, transposeB } = attrs as unknown as tf.BatchMatMulAttrs;
      const mm = (x: tf.Tensor, y: tf.Tensor) => tf.matMul(x, y);
      const t = swapLastTwo;
      if (!transposeA && !transposeB) return { a: () => mm(g, t(b)), b: () => mm(t(a), g) };
      if (!transposeA && transposeB) return { a: () => mm(g, b), b: () => mm(t(g), a) };
      if (transposeA && !transposeB) return { a: () => mm(b, t(g)), b: () => mm(a, g) };
      return { a: () => mm(t(b), t(g)), b: () => mm(t(g), t(a)) };
    },
  });
  registered = true;
}
