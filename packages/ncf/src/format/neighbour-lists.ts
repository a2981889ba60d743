/**
 * Each movie's most similar movies by who rated both and how (MovieNeighbours' shrunk adjusted
 * cosine), as compressed rows over a model's movie indices. Only positive similarities are kept:
 * a reason cites a movie that people who liked one tend to like the other.
 */
export interface MovieNeighbourLists {
  /** Movie i's neighbours are entries offsets[i] .. offsets[i + 1] - 1; length movies + 1. */
  offsets: Int32Array;
  /** Model movie index of each entry. */
  neighbours: Int32Array;
  /** Similarity of each entry, in (0, 1], descending within a movie's list. */
  similarities: Float32Array;
}

/** Lists of `movies` movies from each movie's [neighbour index, similarity] entries, in order. */
export function packNeighbourLists(
  movies: number,
  entriesOf: (movie: number) => Iterable<readonly [number, number]>,
): MovieNeighbourLists {
  const offsets = new Int32Array(movies + 1);
  const neighbours: number[] = [];
  const similarities: number[] = [];
  for (let i = 0; i < movies; i++) {
    for (const [j, similarity] of entriesOf(i)) {
      neighbours.push(j);
      similarities.push(similarity);
    }
    offsets[i + 1] = neighbours.length;
  }
  return {
    offsets,
    neighbours: Int32Array.from(neighbours),
    similarities: Float32Array.from(similarities),
  };
}

/** What is wrong with lists meant for a model of `movies` movies, or null when nothing is. */
export function reasonNeighboursProblem(lists: MovieNeighbourLists, movies: number): string | null {
  const { offsets, neighbours, similarities } = lists;
  if (!(offsets instanceof Int32Array) || offsets.length !== movies + 1) {
    return `offsets must be an Int32Array of ${movies + 1} values`;
  }
  if (!(neighbours instanceof Int32Array) || !(similarities instanceof Float32Array)) {
    return 'neighbours must be an Int32Array and similarities a Float32Array';
  }
  if (neighbours.length !== similarities.length) {
    return 'neighbours and similarities differ in length';
  }
  if (offsets[0] !== 0 || offsets[movies] !== neighbours.length) {
    return 'offsets must start at 0 and end at the number of entries';
  }
  for (let i = 0; i < movies; i++) {
    const start = offsets[i] as number;
    const end = offsets[i + 1] as number;
    if (end < start) return `offsets decrease at film ${i}`;
    for (let e = start; e < end; e++) {
      const j = neighbours[e] as number;
      const s = similarities[e] as number;
      if (j < 0 || j >= movies || j === i) return `film ${i} has an invalid neighbour index ${j}`;
      if (!(s > 0 && s <= 1)) return `film ${i} has a similarity ${s} outside (0, 1]`;
    }
  }
  return null;
}
