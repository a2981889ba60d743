import {
  DEFAULT_NCF_CONFIG,
  NcfScorer,
  createRandom,
  weightLayout,
  type NcfArtifact,
  type NcfConfig,
} from '@marquee/ncf';
import { FrozenNcf } from './frozen-ncf';

function randomArtifact(seed: number): NcfArtifact {
  const config: NcfConfig = { ...DEFAULT_NCF_CONFIG, embedDim: 6, hiddenUnits: [8, 5] };
  const random = createRandom(seed);
  const users = 4;
  const movies = 12;
  return {
    format: 'marquee-ncf/1',
    config,
    userIds: Array.from({ length: users }, (_, i) => 100 + i),
    movieIds: Array.from({ length: movies }, (_, i) => 10 + 3 * i),
    weights: weightLayout(config, users, movies).map(({ name, shape }) => ({
      name,
      shape,
      data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => random() - 0.5),
    })),
  };
}

describe('FrozenNcf', () => {
  const artifact = randomArtifact(11);
  const network = new FrozenNcf(artifact);
  const scorer = NcfScorer.fromArtifact(artifact);

  it('predicts what the serving scorer predicts', () => {
    const user = network.userVector(102) as Float32Array;
    const scores = scorer.scoreAll(user);
    artifact.movieIds.forEach((id, i) => {
      expect(network.predict(user, id)).toBeCloseTo(scores[i] as number, 5);
    });
    expect(network.userVector(999)).toBeUndefined();
  });

  it('fits a user vector to revealed ratings (error goes down)', () => {
    const revealed = [
      { movieId: 10, rating: 5 },
      { movieId: 13, rating: 0.5 },
      { movieId: 16, rating: 4.5 },
      { movieId: 999, rating: 3 }, // unknown film: ignored
    ];
    const start = scorer.foldIn(revealed);
    const mse = (u: Float32Array) =>
      revealed
        .slice(0, 3)
        .reduce((s, r) => s + (network.predict(u, r.movieId) - r.rating) ** 2, 0) / 3;
    const fit = (steps: number) =>
      network.fitUser(start, revealed, { steps, learningRate: 0.05, l2: 0 });
    // This random network cannot reach every rating; the error still falls step after step.
    expect(mse(fit(5))).toBeLessThan(mse(start) - 0.1);
    expect(mse(fit(50))).toBeLessThan(mse(fit(5)) - 0.1);
    expect(Array.from(start)).toEqual(Array.from(scorer.foldIn(revealed)));
  });

  it('pulls towards the start with a large l2 and keeps the start without known films', () => {
    const revealed = [{ movieId: 10, rating: 5 }];
    const start = scorer.foldIn(revealed);
    const distance = (u: Float32Array) =>
      Math.hypot(...Array.from(u, (v, k) => v - (start[k] as number)));
    const free = network.fitUser(start, revealed, { steps: 40, learningRate: 0.05, l2: 0 });
    const held = network.fitUser(start, revealed, { steps: 40, learningRate: 0.05, l2: 100 });
    expect(distance(held)).toBeLessThan(distance(free));
    const unknown = network.fitUser(start, [{ movieId: 999, rating: 4 }], {
      steps: 40,
      learningRate: 0.05,
      l2: 0,
    });
    expect(Array.from(unknown)).toEqual(Array.from(start));
  });
});
