/**
 * mulberry32: a tiny seeded PRNG returning floats in [0, 1). Same seed, same sequence, identical
 * on every platform. The one home for the seeded generator that @marquee/ncf (createRandom) and
 * @marquee/movielens (synthetic data) both use.
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
