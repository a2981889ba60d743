import { MovieNeighbours } from './movie-neighbours';
import { packNeighbourLists, type MovieNeighbourLists } from '../format/neighbour-lists';
import type { TrainingTriples } from './triples';

/** Neighbours kept per movie for "because you rated …". */
export const REASON_NEIGHBOURS = 20;

/**
 * The lists for a model whose movie rows are `modelMovieIds` (index order), from the ratings it
 * was trained on. Movies nobody rated, or that share at most one rater with every other movie,
 * get an empty list.
 */
export function buildReasonNeighbours(
  triples: Pick<TrainingTriples, 'userIds' | 'movieIds' | 'ratings'>,
  modelMovieIds: readonly number[],
  neighbours = REASON_NEIGHBOURS,
): MovieNeighbourLists {
  return reasonListsFor(MovieNeighbours.build(triples, { neighbours }), modelMovieIds);
}

/** The lists of buildReasonNeighbours from MovieNeighbours built on the model's ratings. */
export function reasonListsFor(
  all: MovieNeighbours,
  modelMovieIds: readonly number[],
): MovieNeighbourLists {
  const modelIndex = new Map(modelMovieIds.map((id, i) => [id, i]));
  return packNeighbourLists(modelMovieIds.length, function* (i) {
    for (const { movieId, similarity } of all.neighboursOf(modelMovieIds[i] as number)) {
      const j = modelIndex.get(movieId);
      if (j !== undefined) yield [j, similarity];
    }
  });
}
