/*
 * The seeded generator. This file imports nothing: @marquee/contracts re-exports mulberry32
 * (@marquee/ncf/random) for @marquee/movielens's synthetic data and the load scripts, so it must
 * never pull in TensorFlow.js or Node built-ins.
 */

/**
 * mulberry32: a tiny seeded PRNG returning floats in [0, 1). Same seed, same sequence, identical
 * on every platform. The one home for the seeded generator that this package (createRandom) and
 * @marquee/movielens (synthetic data, through @marquee/contracts) both use.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seeded uniform [0, 1) generator (mulberry32): small, fast and identical on every platform. */
export const createRandom: (seed: number) => () => number = mulberry32;

interface Shuffleable<T> {
  length: number;
  [index: number]: T;
}

/** Fisher-Yates, in place. `random` returns uniform numbers in [0, 1). */
export function shuffleInPlace<T, A extends Shuffleable<T>>(items: A, random: () => number): A {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = items[i] as T;
    items[i] = items[j] as T;
    items[j] = tmp;
  }
  return items;
}
