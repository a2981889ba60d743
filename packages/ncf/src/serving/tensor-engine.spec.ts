import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../network/backend';
import { createRandom } from '../format/random';
import { NcfScorer } from './scorer';
import { TensorTower } from '../network/tensor-tower';
import { buildRandomArtifact } from '../testing/random-artifact';

const artifact = buildRandomArtifact({ users: 20, movies: 300, seed: 21 });
const randomRatings = (scorer: NcfScorer, seed: number, count = 20) => {
  const random = createRandom(seed);
  return Array.from({ length: count }, () => ({
    movieId: scorer.movieIds[Math.floor(random() * scorer.movieIds.length)]!,
    rating: 0.5 + Math.floor(random() * 10) / 2,
  }));
};

// Runs first, while no backend has been set up in this file's tfjs engine.
describe('engine choice before initBackend()', () => {
  it("'auto' uses the typed-array loops and 'tensor' asks for initBackend()", () => {
    const scorer = NcfScorer.fromArtifact(artifact);
    expect(scorer.engine).toBe('js');
    expect(() => NcfScorer.fromArtifact(artifact, { engine: 'tensor' })).toThrow(
      'call initBackend() first',
    );
  });
});

describe('the tensor engine', () => {
  let backend: string;
  beforeAll(async () => {
    backend = await initBackend();
  });

  it("is what 'auto' picks on wasm or tfjs-node", () => {
    const scorer = NcfScorer.fromArtifact(artifact);
    expect(scorer.engine).toBe(backend === 'cpu' ? 'js' : 'tensor');
    scorer.dispose();
  });

  it.each([
    ['the faithful-shaped MLP', artifact],
    [
      'a deeper MLP',
      buildRandomArtifact({
        users: 7,
        movies: 150,
        seed: 3,
        config: { embedDim: 6, hiddenUnits: [12, 8, 4] },
      }),
    ],
    [
      'a single hidden layer',
      buildRandomArtifact({ users: 5, movies: 90, seed: 4, config: { hiddenUnits: [10] } }),
    ],
    [
      'bias terms and a GMF branch',
      buildRandomArtifact({
        users: 6,
        movies: 120,
        seed: 5,
        config: { biases: true, gmfDim: 4 },
      }),
    ],
    [
      'bias terms without a GMF branch',
      buildRandomArtifact({ users: 6, movies: 77, seed: 6, config: { biases: true } }),
    ],
    [
      // fewer movies than one row of the kept movie part (MOVIES_PER_ROW)
      'a catalogue of 11 films',
      buildRandomArtifact({ users: 4, movies: 11, seed: 7, config: { biases: true, gmfDim: 3 } }),
    ],
  ])('scores like the typed-array reference (%s)', (_label, a) => {
    const reference = NcfScorer.fromArtifact(a, { engine: 'js' });
    const fast = NcfScorer.fromArtifact(a, { engine: 'tensor' });
    let maxDiff = 0;
    let spread = 0;
    for (let seed = 0; seed < 10; seed++) {
      const user = reference.foldIn(randomRatings(reference, seed, 1 + seed * 3));
      const want = reference.scoreAll(user);
      const got = fast.scoreAll(user);
      expect(got.length).toBe(want.length);
      want.forEach((w, i) => (maxDiff = Math.max(maxDiff, Math.abs(w - got[i]!))));
      spread = Math.max(spread, Math.max(...want) - Math.min(...want));
    }
    expect(maxDiff).toBeLessThan(1e-4);
    expect(spread).toBeGreaterThan(1); // the comparison covers varied predictions
    fast.dispose();
  });

  it('recommends the same movies with the same scores as the reference', () => {
    const reference = NcfScorer.fromArtifact(artifact, { engine: 'js' });
    const fast = NcfScorer.fromArtifact(artifact, { engine: 'tensor' });
    for (let seed = 0; seed < 5; seed++) {
      const ratings = randomRatings(reference, 100 + seed);
      const excludeMovieIds = [artifact.movieIds[seed]!];
      const want = reference.recommend({
        ratings,
        excludeMovieIds,
        count: 10,
        random: createRandom(seed),
      });
      const got = fast.recommend({
        ratings,
        excludeMovieIds,
        count: 10,
        random: createRandom(seed),
      });
      expect(got.map((x) => x.movieId)).toEqual(want.map((x) => x.movieId));
      got.forEach((x, i) => expect(x.predictedRating).toBeCloseTo(want[i]!.predictedRating, 4));
    }
    fast.dispose();
  });

  it('leaks no tensor across 50 recommend() calls', () => {
    const scorer = NcfScorer.fromArtifact(artifact, { engine: 'tensor' });
    scorer.recommend({ ratings: randomRatings(scorer, 1), excludeMovieIds: [], count: 5 });
    const before = tf.memory().numTensors;
    for (let call = 0; call < 50; call++) {
      scorer.recommend({ ratings: randomRatings(scorer, call), excludeMovieIds: [], count: 5 });
    }
    expect(tf.memory().numTensors).toBe(before);
    scorer.dispose();
  });

  it('keeps its tensors until dispose(), which frees them all and stops scoring', () => {
    const before = tf.memory();
    const scorer = NcfScorer.fromArtifact(artifact, { engine: 'tensor' });
    const during = tf.memory();
    // item part, (kernel, bias) of the second hidden layer and of the output layer
    expect(during.numTensors - before.numTensors).toBe(5);
    const moviePartsBytes = artifact.movieIds.length * artifact.config.hiddenUnits[0]! * 4;
    expect(during.numBytes - before.numBytes).toBeGreaterThanOrEqual(moviePartsBytes);

    scorer.dispose();
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect(tf.memory().numBytes).toBe(before.numBytes);
    expect(scorer.isDisposed).toBe(true);
    expect(() =>
      scorer.recommend({ ratings: randomRatings(scorer, 1), excludeMovieIds: [], count: 5 }),
    ).toThrow('disposed');
    expect(() => scorer.dispose()).not.toThrow(); // idempotent
  });

  it('rejects a user part of the wrong size', () => {
    const tower = new TensorTower(new Float32Array(6), 3, 2, [], {
      inputs: 2,
      units: 1,
      kernel: new Float32Array(2),
      bias: new Float32Array(1),
    });
    expect(() => tower.score(new Float32Array(3))).toThrow(RangeError);
    tower.dispose();
    expect(tower.tensorCount).toBe(0);
  });
});
