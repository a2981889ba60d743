/** mulberry32: a tiny seeded PRNG returning floats in [0, 1). Same seed, same sequence. */
export { mulberry32 } from '@marquee/contracts';

/** An integer in [min, max]. */
export function randomInt(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new RangeError('pick from an empty list');
  return item;
}
