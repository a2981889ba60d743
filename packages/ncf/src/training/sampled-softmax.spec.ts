import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../network/backend';
import { createRandom } from '../format/random';
import {
  fullSoftmaxLoss,
  PopularitySampler,
  sampledColumns,
  sampledSoftmaxLoss,
} from './sampled-softmax';

beforeAll(() => initBackend());

function frequencies(draws: Int32Array, movies: number): number[] {
  const counts = new Array<number>(movies).fill(0);
  for (const movie of draws) counts[movie]! += 1;
  return counts.map((c) => c / draws.length);
}

describe('PopularitySampler', () => {
  it('draws each movie in proportion to (ratings + 1)^exponent', () => {
    const counts = [0, 3, 8, 24, 99];
    const sampler = new PopularitySampler(counts, 0.75);
    const weights = counts.map((c) => Math.pow(c + 1, 0.75));
    const total = weights.reduce((a, b) => a + b, 0);
    const expected = weights.map((w) => w / total);
    expect(Array.from(sampler.probabilities)).toEqual(
      expected.map((p) => expect.closeTo(p, 12) as unknown as number),
    );
    const seen = frequencies(sampler.draw(200_000, createRandom(3)), counts.length);
    seen.forEach((f, i) => expect(Math.abs(f - expected[i]!)).toBeLessThan(0.005));
  });

  it('draws uniformly with exponent 0, whatever the counts', () => {
    const sampler = new PopularitySampler([0, 50, 1, 1000], 0);
    const seen = frequencies(sampler.draw(100_000, createRandom(4)), 4);
    seen.forEach((f) => expect(Math.abs(f - 0.25)).toBeLessThan(0.006));
  });

  it('repeats its draws for a seed and changes them with it', () => {
    const sampler = new PopularitySampler([5, 1, 0, 7, 2, 9], 0.75);
    const a = sampler.draw(50, createRandom(11));
    expect(sampler.draw(50, createRandom(11))).toEqual(a);
    expect(sampler.draw(50, createRandom(12))).not.toEqual(a);
  });
});

describe('sampledColumns', () => {
  // Movie 2 is both users' and is drawn too (an accidental hit); movie 5 is only user 1's.
  const sampler = new PopularitySampler([1, 1, 1, 1, 1, 1, 1, 1], 0);
  const positives = [
    [0, 2],
    [5, 2],
  ];
  const random = createRandom(1);
  const columns = sampledColumns(positives, sampler, 6, random);
  const drawn = sampler.draw(6, createRandom(1));
  const width = columns.movies.length;
  const at = (user: number, movie: number) => {
    const column = Array.from(columns.movies).indexOf(movie);
    return {
      target: columns.targets[user * width + column]!,
      offset: columns.offsets[user * width + column]!,
    };
  };
  const times = (movie: number) => drawn.filter((m) => m === movie).length;

  it('holds every user’s movies and every drawn movie once', () => {
    const expected = new Set([0, 2, 5, ...drawn]);
    expect(new Set(columns.movies)).toEqual(expected);
    expect(columns.movies.length).toBe(expected.size);
  });

  it('gives a user their own movies as targets with no correction, even when drawn', () => {
    expect(at(0, 0)).toEqual({ target: 1, offset: 0 });
    expect(at(0, 2)).toEqual({ target: 1, offset: 0 });
    expect(at(1, 5)).toEqual({ target: 1, offset: 0 });
    expect(at(1, 2)).toEqual({ target: 1, offset: 0 });
  });

  it('corrects a drawn negative by log(times drawn / expected draws), masks the rest', () => {
    for (const movie of columns.movies) {
      for (const user of [0, 1]) {
        if (positives[user]!.includes(movie)) continue;
        const { target, offset } = at(user, movie);
        expect(target).toBe(0);
        if (times(movie) > 0) expect(offset).toBeCloseTo(Math.log(times(movie) / (6 / 8)), 5);
        else expect(offset).toBeLessThan(-1e8);
      }
    }
    expect(drawn.length).toBe(6);
  });
});

describe('the sampled softmax against the full one', () => {
  const MOVIES = 30;
  const D = 4;
  const counts = Array.from({ length: MOVIES }, (_, i) => Math.floor(60 / (i + 1)));
  const sampler = new PopularitySampler(counts, 0.75);
  const positives = [
    [0, 1, 7],
    [3, 12],
    [2, 20, 25, 29],
  ];
  let users: tf.Tensor2D;
  let output: tf.Variable;
  let bias: tf.Variable;
  let targets: tf.Tensor2D;

  beforeAll(() => {
    users = tf.tensor2d(
      Array.from({ length: positives.length * D }, (_, i) => Math.sin(i + 1)),
      [positives.length, D],
    );
    output = tf.variable(tf.randomNormal([MOVIES, D], 0, 0.8, 'float32', 5));
    bias = tf.variable(tf.randomNormal([MOVIES], 0, 0.5, 'float32', 6));
    targets = tf.tensor2d(
      positives.flatMap((own) =>
        Array.from({ length: MOVIES }, (_, i) => (own.includes(i) ? 1 : 0)),
      ),
      [positives.length, MOVIES],
    );
  });

  afterAll(() => tf.dispose([users, output, bias, targets]));

  it("estimates each user's normaliser without bias", () => {
    const logits = tf.tidy(() => tf.add(tf.matMul(users, tf.transpose(output)), bias));
    const z = logits.dataSync();
    logits.dispose();
    const random = createRandom(21);
    const draws = 4_000;
    const sums = new Float64Array(positives.length);
    for (let k = 0; k < draws; k++) {
      const columns = sampledColumns(positives, sampler, 8, random);
      const width = columns.movies.length;
      positives.forEach((_, b) => {
        columns.movies.forEach((movie, c) => {
          sums[b]! += Math.exp(z[b * MOVIES + movie]! + columns.offsets[b * width + c]!);
        });
      });
    }
    positives.forEach((_, b) => {
      let full = 0;
      for (let i = 0; i < MOVIES; i++) full += Math.exp(z[b * MOVIES + i]!);
      expect(sums[b]! / draws / full).toBeCloseTo(1, 1);
    });
  });

  it('has gradients that point where the full softmax’s do, on average', () => {
    const gradientOf = (loss: () => tf.Scalar): Float32Array => {
      const { grads } = tf.variableGrads(loss, [output, bias]);
      const flat = tf.concat([tf.reshape(grads[output.name]!, [-1]), grads[bias.name]!]);
      const values = flat.dataSync() as Float32Array;
      tf.dispose([flat, ...Object.values(grads)]);
      return values;
    };
    const full = gradientOf(() => fullSoftmaxLoss(users, output, bias, targets));
    const random = createRandom(22);
    const mean = new Float64Array(full.length);
    const draws = 300;
    for (let k = 0; k < draws; k++) {
      const columns = sampledColumns(positives, sampler, 12, random);
      const g = gradientOf(() => sampledSoftmaxLoss(users, output, bias, columns));
      g.forEach((v, i) => (mean[i]! += v / draws));
    }
    const one = gradientOf(() =>
      sampledSoftmaxLoss(users, output, bias, sampledColumns(positives, sampler, 12, random)),
    );
    expect(cosine(mean, full)).toBeGreaterThan(0.97);
    // A single batch's draw is noisier but still points the same way.
    expect(cosine(one, full)).toBeGreaterThan(0.5);
  });
});

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i]! * b[i]!;
    aa += a[i]! * a[i]!;
    bb += b[i]! * b[i]!;
  }
  return ab / Math.sqrt(aa * bb);
}
