import type { ItemNeighbours } from './item-neighbours';

/** Added to the denominator of the kNN average: pulls films with few or weak neighbours to 0. */
export const KNN_DAMPING = 0.5;

/** A rated film and what the rating says beyond a base prediction (rating - prediction). */
export interface FilmResidual {
  movieId: number;
  residual: number;
}

/**
 * Item-kNN correction of a new user's predictions from the residuals of their own ratings:
 *   knn_i = sum_j s_ij z_j / (sum_j |s_ij| + KNN_DAMPING)
 * over the rated films j whose neighbour list holds i (z_j = residual of film j). Films with
 * no rated neighbour, and films unknown to the neighbour lists, get 0. Keeps two scratch
 * arrays of one value per film, so one instance serves one request at a time.
 */
export class KnnResidual {
  private readonly numerator: Float64Array;
  private readonly denominator: Float64Array;

  constructor(
    readonly neighbours: ItemNeighbours,
    readonly damping = KNN_DAMPING,
  ) {
    if (!(damping > 0)) throw new RangeError(`damping must be > 0, got ${damping}`);
    this.numerator = new Float64Array(neighbours.filmCount);
    this.denominator = new Float64Array(neighbours.filmCount);
  }

  /** The correction of each film in movieIds. */
  predict(rated: readonly FilmResidual[], movieIds: readonly number[]): number[] {
    const { offsets, neighbours, similarities } = this.neighbours;
    const { numerator, denominator } = this;
    const lists: number[] = [];
    for (const { movieId, residual } of rated) {
      const j = this.neighbours.indexOf(movieId);
      if (j === undefined) continue;
      lists.push(j);
      for (let e = offsets[j] as number; e < (offsets[j + 1] as number); e++) {
        const i = neighbours[e] as number;
        const s = similarities[e] as number;
        numerator[i] = (numerator[i] as number) + s * residual;
        denominator[i] = (denominator[i] as number) + Math.abs(s);
      }
    }
    const out = movieIds.map((id) => {
      const i = this.neighbours.indexOf(id);
      return i === undefined
        ? 0
        : (numerator[i] as number) / ((denominator[i] as number) + this.damping);
    });
    for (const j of lists) {
      for (let e = offsets[j] as number; e < (offsets[j + 1] as number); e++) {
        numerator[neighbours[e] as number] = 0;
        denominator[neighbours[e] as number] = 0;
      }
    }
    return out;
  }
}
