import { NcfNetwork } from '../network/network';
import { UserFoldIn, assertValidRatings, solveRidgeSystem } from './fold-in';
import { createRandom } from '../format/random';
import { buildRandomArtifact } from '../testing/random-artifact';

const extended = buildRandomArtifact({
  users: 40,
  movies: 60,
  seed: 8,
  config: { biases: true, gmfDim: 4 },
  scale: 0.5,
});
const network = new NcfNetwork(extended);
const folder = new UserFoldIn(network);
const ids = extended.movieIds;

/** Predicted ratings of `movieIds` for a user vector, through the network's own forward. */
function predict(user: Float32Array, movieIds: number[]): number[] {
  const userPart = network.userFirstLayer(user);
  return movieIds.map((id) => {
    const movie = network.movieIndex.get(id)!;
    const part = new Float64Array(network.firstUnits);
    network.movieFirstLayer(movie, part);
    return network.forward(user, userPart, part, movie).rating;
  });
}

describe('NcfNetwork.ratingGradient', () => {
  it('matches finite differences of the rating, for every part of the user vector', () => {
    const user = network.trainedUserVector(3);
    const movie = 17;
    const gradient = new Float64Array(network.userVectorLength);
    const userPart = network.userFirstLayer(user);
    const part = new Float64Array(network.firstUnits);
    network.movieFirstLayer(movie, part);
    network.ratingGradient(network.forward(user, userPart, part, movie), movie, gradient);
    const rating = (u: Float64Array) =>
      network.forward(u, network.userFirstLayer(u), part, movie).rating;
    const h = 1e-5;
    gradient.forEach((g, k) => {
      const up = Float64Array.from(user);
      const down = Float64Array.from(user);
      up[k] = up[k]! + h;
      down[k] = down[k]! - h;
      expect(g).toBeCloseTo((rating(up) - rating(down)) / (2 * h), 4);
    });
    expect(gradient.some((g) => Math.abs(g) > 1e-3)).toBe(true);
  });
});

describe('UserFoldIn', () => {
  it('gives the mean trained user for no rating, or only movies the model does not know', () => {
    const p = network.userVectorLength;
    expect(p).toBe(extended.config.embedDim + 4 + 1);
    const mean = Array.from({ length: p }, (_, k) => {
      let sum = 0;
      for (let u = 0; u < 40; u++) sum += network.userVectors[u * p + k]!;
      return sum / 40;
    });
    for (const ratings of [[], [{ movieId: -1, rating: 4 }]]) {
      for (const user of [folder.map(ratings), folder.average(ratings)]) {
        user.forEach((v, k) => expect(v).toBeCloseTo(mean[k]!, 6));
      }
    }
  });

  it('minimises its objective: no small change of the result does better', () => {
    const ratings = ids.slice(0, 8).map((movieId, j) => ({ movieId, rating: 1 + (j % 5) }));
    const center = Float64Array.from(folder.average(ratings));
    center.fill(0, network.embedDim);
    const objective = (u: Float32Array) => {
      const sse = predict(u, ids.slice(0, 8)).reduce(
        (s, p, j) => s + (p - ratings[j]!.rating) ** 2,
        0,
      );
      let prior = 0;
      u.forEach((v, k) => {
        const w = k === u.length - 1 ? folder.ridge.bias : folder.ridge.embedding;
        prior += w * (v - center[k]!) ** 2;
      });
      return sse + prior;
    };
    const best = folder.map(ratings, 20);
    const value = objective(best);
    const random = createRandom(5);
    for (let trial = 0; trial < 20; trial++) {
      const nudged = Float32Array.from(best, (v) => v + (random() - 0.5) * 0.02);
      expect(objective(nudged)).toBeGreaterThanOrEqual(value - 1e-6);
    }
    expect(value).toBeLessThan(objective(Float32Array.from(center)));
  });

  it('fits the revealed ratings better than the prior mean, and stays near the prior', () => {
    const random = createRandom(3);
    const movieIds = ids.slice(0, 12);
    const ratings = movieIds.map((movieId) => ({
      movieId,
      rating: 0.5 + Math.round(random() * 9) / 2,
    }));
    const sse = (user: Float32Array) =>
      predict(user, movieIds).reduce((s, p, j) => s + (p - ratings[j]!.rating) ** 2, 0);
    const prior = folder.populationMean;
    const fitted = folder.map(ratings);
    expect(sse(fitted)).toBeLessThan(0.8 * sse(prior));
    expect(fitted.every(Number.isFinite)).toBe(true);
  });

  it('recovers a trained user’s predictions from that user’s own (noise-free) ratings', () => {
    const truth = network.trainedUserVector(5);
    const movieIds = ids.slice(0, 30);
    const ratings = predict(truth, movieIds).map((rating, j) => ({
      movieId: movieIds[j]!,
      rating,
    }));
    const others = ids.slice(30);
    const errorOf = (user: Float32Array) => {
      const got = predict(user, others);
      const want = predict(truth, others);
      return Math.sqrt(got.reduce((s, g, j) => s + (g - want[j]!) ** 2, 0) / got.length);
    };
    // With a weak prior the data decides.
    const precise = new UserFoldIn(network, { embedding: 1e-4, bias: 1e-4 });
    const mapError = errorOf(precise.map(ratings, 30));
    expect(mapError).toBeLessThan(errorOf(folder.populationMean) / 3);
    expect(mapError).toBeLessThan(errorOf(folder.average(ratings)) / 3);
  });

  it('handles a single rating, and repeats itself exactly', () => {
    const one = [{ movieId: ids[4]!, rating: 5 }];
    const a = folder.map(one);
    expect(Array.from(a)).toEqual(Array.from(folder.map(one)));
    const center = folder.average(one).fill(0, network.embedDim);
    expect(predict(a, [ids[4]!])[0]).toBeGreaterThan(predict(center, [ids[4]!])[0]! + 0.01);
  });

  it('gives the same vector whatever calls came before (it reuses its buffers)', () => {
    const random = createRandom(12);
    const rate = (count: number) =>
      Array.from({ length: count }, () => ({
        movieId: ids[Math.floor(random() * ids.length)]!,
        rating: 0.5 + Math.floor(random() * 10) / 2,
      }));
    const probe = rate(6);
    const reused = new UserFoldIn(network);
    const first = Array.from(reused.map(probe, 3));
    for (const count of [25, 2, 0, 9]) reused.map(rate(count), 3);
    expect(Array.from(reused.map(probe, 3))).toEqual(first);
    expect(Array.from(new UserFoldIn(network).map(probe, 3))).toEqual(first);
  });

  it.each([
    [NaN, /finite number/],
    [Infinity, /finite number/],
    [0, /in \[0.5, 5\]/],
    [5.5, /in \[0.5, 5\]/],
    [-1, /in \[0.5, 5\]/],
  ])('rejects rating %p with a clear error', (rating, message) => {
    const ratings = [{ movieId: ids[0]!, rating }];
    expect(() => folder.map(ratings)).toThrow(message);
    expect(() => folder.average(ratings)).toThrow(message);
    expect(() => assertValidRatings(ratings)).toThrow(RangeError);
  });

  it('rejects ridge weights that are not positive', () => {
    expect(() => new UserFoldIn(network, { embedding: 0, bias: 1 })).toThrow(/positive/);
    expect(() => new UserFoldIn(network, { embedding: 1, bias: NaN })).toThrow(/positive/);
  });

  it('rejects a non-integer movie id', () => {
    expect(() => folder.map([{ movieId: 1.5, rating: 3 }])).toThrow(/movie id must be an integer/);
  });
});

describe('solveRidgeSystem', () => {
  // Fewer rows than unknowns takes the n x n (Woodbury) route, more takes the p x p one.
  it.each([
    [3, 7],
    [7, 7],
    [12, 5],
  ])('solves (J^T J + diag(w)) x = b for %i rows and %i unknowns', (n, p) => {
    const random = createRandom(n * 100 + p);
    const jacobian = Float64Array.from({ length: n * p }, () => random() * 2 - 1);
    jacobian[p + 1] = 0; // a zero entry, as a ReLU switched off gives
    const weight = Float64Array.from({ length: p }, () => 0.1 + random() * 3);
    const b = Float64Array.from({ length: p }, () => random() * 4 - 2);
    const x = solveRidgeSystem(jacobian, n, p, weight, b, new Float64Array(p * p));
    // (J^T J + W) x, multiplied out in full
    for (let a = 0; a < p; a++) {
      let lhs = weight[a]! * x[a]!;
      for (let j = 0; j < n; j++) {
        let jx = 0;
        for (let c = 0; c < p; c++) jx += jacobian[j * p + c]! * x[c]!;
        lhs += jacobian[j * p + a]! * jx;
      }
      expect(lhs).toBeCloseTo(b[a]!, 9);
    }
  });
});
