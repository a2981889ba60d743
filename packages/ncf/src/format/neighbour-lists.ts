/**
 * Each film's most similar films by who rated both and how (MovieNeighbours' shrunk adjusted
 * cosine), as compressed rows over a model's film indices. Only positive similarities are kept:
 * a reason cites a film that people who liked one tend to like the other.
 */
export interface MovieNeighbourLists {
  /** Film i's neighbours are entries offsets[i] .. offsets[i + 1] - 1; length films + 1. */
  offsets: Int32Array;
  /** Model film index of each entry. */
  neighbours: Int32Array;
  /** Similarity of each entry, in (0, 1], descending within a film's list. */
  similarities: Float32Array;
}

/** Lists of `films` films from each film's [neighbour index, similarity] entries, in order. */
export function packNeighbourLists(
  films: number,
  entriesOf: (film: number) => Iterable<readonly [number, number]>,
): MovieNeighbourLists {
  const offsets = new Int32Array(films + 1);
  const neighbours: number[] = [];
  const similarities: number[] = [];
  for (let i = 0; i < films; i++) {
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

/** What is wrong with lists meant for a model of `films` films, or null when nothing is. */
export function reasonNeighboursProblem(lists: MovieNeighbourLists, films: number): string | null {
  const { offsets, neighbours, similarities } = lists;
  if (!(offsets instanceof Int32Array) || offsets.length !== films + 1) {
    return `offsets must be an Int32Array of ${films + 1} values`;
  }
  if (!(neighbours instanceof Int32Array) || !(similarities instanceof Float32Array)) {
    return 'neighbours must be an Int32Array and similarities a Float32Array';
  }
  if (neighbours.length !== similarities.length) {
    return 'neighbours and similarities differ in length';
  }
  if (offsets[0] !== 0 || offsets[films] !== neighbours.length) {
    return 'offsets must start at 0 and end at the number of entries';
  }
  for (let i = 0; i < films; i++) {
    const start = offsets[i] as number;
    const end = offsets[i + 1] as number;
    if (end < start) return `offsets decrease at film ${i}`;
    for (let e = start; e < end; e++) {
      const j = neighbours[e] as number;
      const s = similarities[e] as number;
      if (j < 0 || j >= films || j === i) return `film ${i} has an invalid neighbour index ${j}`;
      if (!(s > 0 && s <= 1)) return `film ${i} has a similarity ${s} outside (0, 1]`;
    }
  }
  return null;
}
