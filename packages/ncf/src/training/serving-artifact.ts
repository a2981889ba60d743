import type { NcfArtifact } from '../format/artifact';
import { meansAndCounts, type StackFit } from './fit-stack';
import type { MovieNeighbourLists } from '../format/neighbour-lists';
import type { TimedNeighbours } from './movie-neighbours-thread';
import { reasonListsFor } from './reason-neighbours';
import type { TrainingTriples } from './triples';

export interface ServingArtifact {
  /** The model with its reason lists, always, and the new-user stack when one was fitted. */
  artifact: NcfArtifact & { reasonNeighbours: MovieNeighbourLists };
  /** Seconds the co-rating neighbours behind the reason lists took to build. */
  neighbourSeconds: number;
}

/**
 * What a trained model (trainNcf's artifact for `data`) gets before it is served: its movies'
 * co-rating neighbour lists (the reasons, from `reasons`: MovieNeighbours built on `data` with
 * REASON_NEIGHBOURS), and the new-user stack fitted for it (fitNewUserStack on the same data and
 * config), with every movie's mean over all of `data` in the model's movie order. The faithful
 * model is served without a stack (null).
 */
export function servingArtifact(
  model: NcfArtifact,
  data: TrainingTriples,
  stackFit: StackFit | null,
  reasons: TimedNeighbours,
): ServingArtifact {
  const reasonNeighbours = reasonListsFor(reasons.neighbours, model.movieIds);
  const movieMeans = stackFit
    ? Array.from(meansAndCounts(data, model.movieIds).movieMeans, (m) => Math.round(m * 1e5) / 1e5)
    : [];
  return {
    artifact: {
      ...model,
      reasonNeighbours,
      ...(stackFit ? { newUserStack: { ...stackFit.stack, itemMeans: movieMeans } } : {}),
    },
    neighbourSeconds: reasons.seconds,
  };
}
