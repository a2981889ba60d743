import { shuffleInPlace } from '../format/random';

/** The variety step: recommendations are drawn from this many top predictions. */
export const TOP_K_POOL = 30;

/**
 * Indices of the `k` highest scores among those not masked out, best first, without sorting
 * every score: a size-k min-heap over one pass (O(n log k)). Ties keep the lower index.
 */
export function topKIndices(
  scores: Float32Array | Float64Array,
  k: number,
  excluded?: Uint8Array,
): Int32Array {
  const heap = new Int32Array(Math.max(0, Math.min(k, scores.length)));
  if (heap.length === 0) return heap;
  // "a ranks below b": lower score, or equal score and higher index.
  const below = (a: number, b: number) => {
    const sa = scores[a] as number;
    const sb = scores[b] as number;
    return sa < sb || (sa === sb && a > b);
  };
  const siftDown = (start: number, size: number) => {
    let i = start;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= size) return;
      const right = left + 1;
      let lowest = left;
      if (right < size && below(heap[right] as number, heap[left] as number)) lowest = right;
      if (!below(heap[lowest] as number, heap[i] as number)) return;
      const tmp = heap[i] as number;
      heap[i] = heap[lowest] as number;
      heap[lowest] = tmp;
      i = lowest;
    }
  };
  let size = 0;
  // Once the heap is full, the score a movie must beat to enter it: a later index never wins a
  // tie, so most movies are turned away by this one comparison.
  let bar = -Infinity;
  for (let i = 0; i < scores.length; i++) {
    if (excluded && excluded[i] === 1) continue;
    if (size < heap.length) {
      heap[size] = i;
      size++;
      if (size === heap.length) {
        for (let j = (size >> 1) - 1; j >= 0; j--) siftDown(j, size);
        bar = scores[heap[0] as number] as number;
      }
    } else if ((scores[i] as number) > bar) {
      heap[0] = i;
      siftDown(0, size);
      bar = scores[heap[0] as number] as number;
    }
  }
  const result = Array.from(heap.subarray(0, size)).sort((a, b) =>
    below(a, b) ? 1 : below(b, a) ? -1 : 0,
  );
  return Int32Array.from(result);
}

/** The faithful variety step: shuffle the top pool, keep the first `count`. */
export function pickFromPool(pool: Int32Array, count: number, random: () => number): Int32Array {
  return shuffleInPlace(Int32Array.from(pool), random).slice(0, Math.max(0, count));
}

/**
 * How much sampleFromPool follows the model: a movie's chance is its probability raised to
 * 1 / VARIETY_TEMPERATURE (1 would follow the model exactly; smaller, the list keeps more of the
 * best movies). A product trade-off between relevance and change: at 0.25 the shown list keeps
 * about nine tenths of the ranked list's nDCG@10 while two requests in a row differ by about four
 * of ten movies (docs/benchmarks.md, variety).
 */
export const VARIETY_TEMPERATURE = 0.25;

/**
 * How much the variety step leans away from the movies everybody rated: a movie's chance is
 * divided by (1 + the number of its training ratings) to this power. The ranking puts the same
 * acclaimed movies in most users' top 30; drawing from it with this discount shows each user
 * more of their own part of it, at a small cost in the shown list's nDCG (docs/benchmarks.md,
 * top-10).
 */
export const VARIETY_POPULARITY_DISCOUNT = 1;

/**
 * The product's variety step when scores are log-probabilities (a ranking network's): `count`
 * movies drawn without replacement from the pool, each draw in proportion to the sharpened
 * probability (see VARIETY_TEMPERATURE) of the movies left, divided by exp(its discount), when
 * `discounts` (one per pool entry) is given: Plackett-Luce, by the Gumbel-max trick (the movies
 * with the highest score / temperature - discount plus Gumbel noise, in that order). The list
 * changes between requests mostly in its less certain places.
 */
export function sampleFromPool(
  pool: Int32Array,
  scores: Float32Array,
  count: number,
  random: () => number,
  discounts?: Float32Array,
): Int32Array {
  const keys = new Float32Array(pool.length);
  pool.forEach((movie, k) => {
    // 1 - random() is in (0, 1], so the logarithms stay finite.
    keys[k] =
      (scores[movie] as number) / VARIETY_TEMPERATURE -
      (discounts ? (discounts[k] as number) : 0) -
      Math.log(-Math.log(1 - random() * (1 - 1e-12)));
  });
  return Int32Array.from(topKIndices(keys, Math.max(0, count)), (k) => pool[k] as number);
}
