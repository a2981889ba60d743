import { mulberry32 } from '@marquee/contracts';

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
