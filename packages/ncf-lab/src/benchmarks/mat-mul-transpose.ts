/**
 * Why the dense layers' matMul gradient is replaced (@marquee/ncf's
 * network/mat-mul-gradient.ts), measured (not a test): the products a training step of the best
 * model's first dense layer needs, [1024, 130] by [130, 64], as the default gradient asks for
 * them (transposeA / transposeB) and as the replacement computes them (an explicit transpose,
 * then a plain product).
 *   TF_BACKEND=wasm npx tsx packages/ncf-lab/src/benchmarks/mat-mul-transpose.ts
 * It runs @marquee/ncf's build (npm run build:node first), like the ncf CLI.
 * Env BENCH_CALLS (default 200) timed calls per row, after 5 untimed ones.
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@marquee/ncf';

const CALLS = Number(process.env.BENCH_CALLS ?? 200);

function time(label: string, product: () => tf.Tensor): void {
  for (let i = 0; i < 5; i++) product().dispose();
  const started = performance.now();
  for (let i = 0; i < CALLS; i++) {
    const result = product();
    result.dataSync();
    result.dispose();
  }
  const ms = (performance.now() - started) / CALLS;
  process.stdout.write(`| ${label} | ${ms.toFixed(2)} |\n`);
}

async function main(): Promise<void> {
  const backend = await initBackend();
  const x = tf.randomNormal([1024, 130], 0, 1, 'float32', 1) as tf.Tensor2D;
  const dy = tf.randomNormal([1024, 64], 0, 1, 'float32', 2) as tf.Tensor2D;
  const w = tf.randomNormal([130, 64], 0, 1, 'float32', 3) as tf.Tensor2D;
  process.stdout.write(
    `backend ${backend}, ${CALLS} calls a row\n\n| product | ms |\n| --- | --- |\n`,
  );
  time('forward x w', () => tf.matMul(x, w));
  time('dW, default: matMul(x, dy, transposeA)', () => tf.matMul(x, dy, true, false));
  time('dW, replacement: transpose(x) dy', () => tf.tidy(() => tf.matMul(tf.transpose(x), dy)));
  time('dx, default: matMul(dy, w, transposeB)', () => tf.matMul(dy, w, false, true));
  time('dx, replacement: dy transpose(w)', () => tf.tidy(() => tf.matMul(dy, tf.transpose(w))));
  tf.dispose([x, dy, w]);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
