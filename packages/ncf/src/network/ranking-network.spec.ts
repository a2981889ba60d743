import { ArtifactError, type NcfArtifact } from '../format/artifact';
import { buildRandomArtifact } from '../testing/random-artifact';
import { RANKING_BIAS, RANKING_INPUT, RANKING_OUTPUT } from '../format/weights-layout';
import { DEFAULT_RANKING_CONFIG } from '../format/ranking-config';
import {
  logLikeProbability,
  logNormalCdf,
  RankingNetwork,
  rankingUserVector,
  type RatedMovieIndex,
} from './ranking-network';

/** Three movies, ranking vectors of 2: input rows, output rows and biases chosen by hand. */
const INPUT = [1, 0, 0.5, -1, 2, 2];
const OUTPUT = [1, 2, -1, 0.5, 0, 3];
const BIAS = [0.1, -0.2, 0.3];

function tinyArtifact(): NcfArtifact {
  const base = buildRandomArtifact({
    users: 2,
    movies: 3,
    seed: 1,
    config: { ranking: { ...DEFAULT_RANKING_CONFIG, embedDim: 2 } },
  });
  const table: Record<string, number[]> = {
    [RANKING_INPUT]: INPUT,
    [RANKING_OUTPUT]: OUTPUT,
    [RANKING_BIAS]: BIAS,
  };
  return {
    ...base,
    stats: { meanRating: 3.5, valRmse: 0.9 },
    weights: base.weights.map((w) =>
      table[w.name] ? { ...w, data: Float32Array.from(table[w.name]!) } : w,
    ),
  };
}

const network = new RankingNetwork(tinyArtifact());

describe('RankingNetwork.userVector', () => {
  it('is tanh of the rating-weighted sum of input rows over the norm of the ratings', () => {
    // 4 * [1, 0] + 2 * [0.5, -1] = [5, -2]; the ratings' norm is sqrt(16 + 4).
    const user = network.userVector(
      [
        { index: 0, rating: 4 },
        { index: 1, rating: 2 },
      ],
      true,
    );
    expect(user).toHaveLength(2);
    expect(user[0]).toBeCloseTo(Math.tanh(5 / Math.sqrt(20)), 6);
    expect(user[1]).toBeCloseTo(Math.tanh(-2 / Math.sqrt(20)), 6);
  });

  it('depends on the ratings only up to scale: one movie gives tanh of its row', () => {
    for (const rating of [0.5, 3, 5]) {
      const user = network.userVector([{ index: 2, rating }], true);
      expect(user[0]).toBeCloseTo(Math.tanh(2), 6);
      expect(user[1]).toBeCloseTo(Math.tanh(2), 6);
    }
    const rated: RatedMovieIndex[] = [
      { index: 0, rating: 1 },
      { index: 1, rating: 3 },
      { index: 2, rating: 4.5 },
    ];
    const doubled = rated.map((r) => ({ ...r, rating: 2 * r.rating }));
    Array.from(network.userVector(doubled, true)).forEach((v, j) =>
      expect(v).toBeCloseTo(network.userVector(rated, true)[j]!, 6),
    );
  });

  it('is the zero vector for a user with no known movie', () => {
    expect(Array.from(network.userVector([], true))).toEqual([0, 0]);
    expect(Array.from(rankingUserVector(Float32Array.from(INPUT), 2, []))).toEqual([0, 0]);
  });
});

describe('RankingNetwork.logits', () => {
  const user = Float32Array.of(0.5, -2);
  // bias + user . output row: 0.1 + 0.5 - 4, -0.2 - 0.5 - 1, 0.3 + 0 - 6.
  const expected = [-3.4, -1.7, -5.7];

  it('scores every movie when indices is null', () => {
    const logits = network.logits(user, null, 3);
    expect(logits).toHaveLength(3);
    logits.forEach((z, i) => expect(z).toBeCloseTo(expected[i]!, 5));
  });

  it('scores just the movies at indices, aligned with them', () => {
    const logits = network.logits(user, Int32Array.of(2, 0, 2), 3);
    expect(logits).toHaveLength(3);
    [2, 0, 2].forEach((i, k) => expect(logits[k]).toBeCloseTo(expected[i]!, 5));
  });

  it('gives the biases for the zero user vector', () => {
    const logits = network.logits(network.userVector([], true), null, 3);
    logits.forEach((z, i) => expect(z).toBeCloseTo(BIAS[i]!, 6));
  });
});

describe('RankingNetwork', () => {
  it('needs a ranking config and every ranking weight', () => {
    const artifact = tinyArtifact();
    const { ranking: _ranking, ...withoutRanking } = artifact.config;
    expect(() => new RankingNetwork({ ...artifact, config: withoutRanking })).toThrow(
      ArtifactError,
    );
    const noBias = {
      ...artifact,
      weights: artifact.weights.filter((w) => w.name !== RANKING_BIAS),
    };
    expect(() => new RankingNetwork(noBias)).toThrow(/ranking\/bias is missing/);
  });
});

describe('logNormalCdf', () => {
  it.each<[number, number]>([
    [0, 0.5],
    [1, 0.841344746],
    [-2, 0.022750132],
    [2.5, 0.993790335],
  ])('log Phi(%d) = log %d', (z, phi) => {
    expect(Math.abs(logNormalCdf(z) - Math.log(phi))).toBeLessThan(2e-7);
  });

  it('is accurate in the far left tail, where Phi itself underflows', () => {
    // Phi(-8) = 6.22096057e-16.
    expect(Math.abs(logNormalCdf(-8) - Math.log(6.22096057e-16))).toBeLessThan(1e-6);
    // log Phi(-40) = -804.608442013754 (Phi ~ 3.6e-350 is below the smallest double).
    expect(Math.abs(logNormalCdf(-40) + 804.608442013754)).toBeLessThan(1e-6);
    expect(Number.isFinite(logNormalCdf(-1000))).toBe(true);
  });

  it('is continuous where it switches to the tail branch (z = -5)', () => {
    const left = logNormalCdf(-5 - 1e-12);
    const right = logNormalCdf(-5 + 1e-12);
    expect(Math.abs(left - right) / Math.abs(right)).toBeLessThan(1e-6);
    // log Phi(-5) = -15.0649983939887.
    expect(Math.abs(logNormalCdf(-5) + 15.0649983939887)).toBeLessThan(1e-6);
  });

  it('increases with z', () => {
    let previous = -Infinity;
    for (let z = -12; z <= 6; z += 0.125) {
      const value = logNormalCdf(z);
      expect(value).toBeGreaterThan(previous);
      expect(value).toBeLessThanOrEqual(0);
      previous = value;
    }
  });
});

describe('logLikeProbability', () => {
  it('is log 0.5 at 3.75 stars, halfway between liked (4) and the step below', () => {
    for (const noise of [0.5, 0.9, 2]) {
      expect(logLikeProbability(3.75, noise)).toBeCloseTo(Math.log(0.5), 6);
    }
  });

  it('is log Phi of the stars above 3.75 in units of the noise', () => {
    expect(logLikeProbability(3.75 + 0.9, 0.9)).toBeCloseTo(logNormalCdf(1), 9);
    expect(logLikeProbability(3.75 - 1.8, 0.9)).toBeCloseTo(logNormalCdf(-2), 9);
  });

  it('increases in the stars, over the whole rating range', () => {
    for (const noise of [0.3, 0.9]) {
      let previous = -Infinity;
      for (let stars = 0.5; stars <= 5; stars += 0.25) {
        const value = logLikeProbability(stars, noise);
        expect(value).toBeGreaterThan(previous);
        previous = value;
      }
    }
  });
});
