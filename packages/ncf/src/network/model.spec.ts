import * as tf from '@tensorflow/tfjs';
import { initBackend } from './backend';
import { DEFAULT_NCF_CONFIG, type NcfConfig } from '../format/config';
import { buildNcfModel, ratingLogit, readModelWeights, writeModelWeights } from './model';
import { RatingScale } from './rating-scale';
import { buildRandomArtifact } from '../testing/random-artifact';
import { weightLayout } from '../format/weights-layout';

const config: NcfConfig = { ...DEFAULT_NCF_CONFIG, embedDim: 8, hiddenUnits: [16, 8] };

beforeAll(() => initBackend());

function predict(model: tf.LayersModel, users: number[], movies: number[]): number[] {
  return tf.tidy(() => {
    const u = tf.tensor2d(users, [users.length, 1], 'int32');
    const m = tf.tensor2d(movies, [movies.length, 1], 'int32');
    return Array.from((model.predict([u, m]) as tf.Tensor).dataSync());
  });
}

describe('buildNcfModel', () => {
  it('predicts one rating per (user, movie) pair', () => {
    const model = buildNcfModel(config, 5, 7);
    const out = tf.tidy(() => {
      const u = tf.tensor2d([0, 1, 4], [3, 1], 'int32');
      const m = tf.tensor2d([6, 0, 3], [3, 1], 'int32');
      return (model.predict([u, m]) as tf.Tensor).shape;
    });
    expect(out).toEqual([3, 1]);
    expect(model.inputs.map((i) => i.shape)).toEqual([
      [null, 1],
      [null, 1],
    ]);
    model.dispose();
  });

  it('has the faithful architecture: embeddings, dense ReLU + dropout, sigmoid, RatingScale', () => {
    const model = buildNcfModel(DEFAULT_NCF_CONFIG, 3, 4);
    const summary = model.layers.map((l) => l.getClassName());
    expect(summary).toEqual([
      'InputLayer',
      'InputLayer',
      'Embedding',
      'Embedding',
      'Flatten',
      'Flatten',
      'Concatenate',
      'Dense',
      'SeededDropout',
      'Dense',
      'SeededDropout',
      'Dense',
      'RatingScale',
    ]);
    const dense = model.layers.filter((l) => l.getClassName() === 'Dense');
    expect(dense.map((l) => (l.getConfig() as { units: number }).units)).toEqual([64, 32, 1]);
    expect(dense.map((l) => (l.getConfig() as { activation: string }).activation)).toEqual([
      'relu',
      'relu',
      'sigmoid',
    ]);
    model.dispose();
  });

  it('with bias terms: starts the output bias at the logit of the mean rating, biases at 0', () => {
    const extended: NcfConfig = { ...config, biases: true, gmfDim: 3 };
    const model = buildNcfModel(extended, 5, 7, { meanRating: 3.5 });
    const outputBias = model.getLayer('output').getWeights()[1]!.dataSync()[0]!;
    expect(outputBias).toBeCloseTo(ratingLogit(3.5), 5);
    expect(0.5 + 4.5 / (1 + Math.exp(-ratingLogit(3.5)))).toBeCloseTo(3.5, 10);
    for (const name of ['user_bias', 'movie_bias']) {
      expect(
        Array.from(model.getLayer(name).getWeights()[0]!.dataSync()).every((v) => v === 0),
      ).toBe(true);
    }
    // The faithful model has none of these layers.
    const seed = buildNcfModel(config, 5, 7, { meanRating: 3.5 });
    expect(() => seed.getLayer('user_bias')).toThrow();
    expect(seed.getLayer('output').getWeights()[1]!.dataSync()[0]).toBe(0);
    model.dispose();
    seed.dispose();
  });

  it('reads and writes weights by artifact name and shape', () => {
    const model = buildNcfModel(config, 4, 6);
    const artifact = buildRandomArtifact({ users: 4, movies: 6, seed: 3, config });
    writeModelWeights(model, config, artifact.weights);
    const read = readModelWeights(model, config, 4, 6);
    expect(read.map((w) => [w.name, w.shape])).toEqual(
      weightLayout(config, 4, 6).map((s) => [s.name, s.shape]),
    );
    read.forEach((w, i) =>
      expect(Array.from(w.data)).toEqual(Array.from(artifact.weights[i]?.data ?? [])),
    );
    model.dispose();
  });

  it('serializes to JSON and back with its custom layers registered', async () => {
    const model = buildNcfModel(config, 4, 6);
    const topology = model.toJSON(undefined, false) as tf.io.ModelJSON['modelTopology'];
    const restored = await tf.models.modelFromJSON({ modelTopology: topology });
    expect(restored.getLayer('rating_scale')).toBeInstanceOf(RatingScale);
    expect(restored.getLayer('dropout_0').getClassName()).toBe('SeededDropout');
    restored.setWeights(model.getWeights());
    expect(predict(restored, [0, 3], [5, 1])).toEqual(predict(model, [0, 3], [5, 1]));
    model.dispose();
    restored.dispose();
  });
});

describe('RatingScale', () => {
  it('maps [0, 1] linearly onto [0.5, 5]', () => {
    const layer = new RatingScale();
    const out = tf.tidy(() => (layer.apply(tf.tensor1d([0, 0.5, 1])) as tf.Tensor).arraySync());
    expect(out).toEqual([0.5, 2.75, 5]);
  });

  it('keeps every model output within [0.5, 5], even with extreme weights', () => {
    const model = buildNcfModel(config, 6, 9);
    const artifact = buildRandomArtifact({ users: 6, movies: 9, seed: 11, config, scale: 50 });
    writeModelWeights(model, config, artifact.weights);
    const users: number[] = [];
    const movies: number[] = [];
    for (let u = 0; u < 6; u++)
      for (let m = 0; m < 9; m++) {
        users.push(u);
        movies.push(m);
      }
    const ratings = predict(model, users, movies);
    expect(Math.min(...ratings)).toBeGreaterThanOrEqual(0.5);
    expect(Math.max(...ratings)).toBeLessThanOrEqual(5);
    // Weights this large saturate the sigmoid: both ends of the range are reached.
    expect(ratings.some((r) => r < 0.6)).toBe(true);
    expect(ratings.some((r) => r > 4.9)).toBe(true);
    model.dispose();
  });
});
