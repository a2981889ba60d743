import * as tf from '@tensorflow/tfjs';

let registered = false;

/**
 * Replaces the gradient of the GatherV2 kernel (an embedding lookup) along axis 0 with a
 * scatter-add of dy's rows into the table's shape. The default uses UnsortedSegmentSum, which
 * the wasm backend lacks and the cpu backend computes in O(rows x segments). Other gathers
 * (axis != 0, batchDims) keep the default gradient. Idempotent.
 */
export function registerGatherGradient(): void {
  if (registered) return;
  const fallback = tf.getGradient(tf.GatherV2);
  tf.registerGradient({
    kernelName: tf.GatherV2,
    inputsToSave: ['x', 'indices'],
    gradFunc: (dy, saved, attrs) => {
      const [x, indices] = saved as [tf.Tensor, tf.Tensor];
      const { axis, batchDims } = attrs as unknown as tf.GatherV2Attrs;
      const parsedAxis = axis < 0 ? axis + x.rank : axis;
      if ((parsedAxis !== 0 || (batchDims ?? 0) !== 0) && fallback) {
        return fallback.gradFunc(dy, saved, attrs);
      }
      return {
        x: () => {
          const rows = indices.size;
          const rowShape = x.shape.slice(1);
          const updates = tf.reshape(dy as tf.Tensor, [rows, ...rowShape]);
          return tf.scatterND(tf.reshape(indices, [rows, 1]), updates, x.shape);
        },
        // Indices are integers: they never receive a gradient.
        indices: () => tf.zerosLike(indices).toFloat(),
      };
    },
  });
  registered = true;
}
