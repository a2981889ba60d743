import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../network/backend';
import type { NcfConfig } from '../format/config';
import { buildNcfModel, writeModelWeights } from '../network/model';
import { NcfScorer } from './scorer';
import { buildRandomArtifact } from '../testing/random-artifact';

/**
 * The scorer splits the first dense layer into a user part (per request) and a movie part
 * (precomputed per model version), and adds the GMF and bias terms outside the network. For
 * every architecture and both engines, that must give the tfjs model's own predictions.
 */
describe.each<[string, Partial<NcfConfig>]>([
  ['the faithful model', {}],
  ['with bias terms', { biases: true }],
  ['with a GMF branch', { gmfDim: 5 }],
  [
    'with bias terms and a GMF branch (NeuMF)',
    { biases: true, gmfDim: 6, hiddenUnits: [12, 8, 4] },
  ],
])('split-layer scoring equals the full model: %s', (_label, options) => {
  const users = 9;
  const movies = 70;
  const artifact = buildRandomArtifact({ users, movies, seed: 31, config: options });
  let expected: Float32Array;

  beforeAll(async () => {
    await initBackend();
    const model = buildNcfModel(artifact.config, users, movies);
    writeModelWeights(model, artifact.config, artifact.weights);
    const u: number[] = [];
    const m: number[] = [];
    for (let i = 0; i < users; i++) {
      for (let j = 0; j < movies; j++) {
        u.push(i);
        m.push(j);
      }
    }
    expected = tf.tidy(
      () =>
        (
          model.predict([
            tf.tensor2d(u, [u.length, 1], 'int32'),
            tf.tensor2d(m, [m.length, 1], 'int32'),
          ]) as tf.Tensor
        ).dataSync() as Float32Array,
    );
    model.dispose();
  });

  it.each(['js', 'tensor'] as const)('%s engine', (engine) => {
    const scorer = NcfScorer.fromArtifact(artifact, { engine });
    let maxDiff = 0;
    let spread = 0;
    artifact.userIds.forEach((userId, i) => {
      const scores = scorer.scoreAll(scorer.trainedUserVector(userId)!);
      expect(scores.length).toBe(movies);
      for (let j = 0; j < movies; j++) {
        maxDiff = Math.max(maxDiff, Math.abs(scores[j]! - expected[i * movies + j]!));
      }
      spread = Math.max(spread, Math.max(...scores) - Math.min(...scores));
    });
    scorer.dispose();
    expect(maxDiff).toBeLessThan(1e-4);
    expect(spread).toBeGreaterThan(1); // the comparison covers varied predictions
  });
});
