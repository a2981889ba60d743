import type { NcfArtifact } from '../format/artifact';
import { meansAndCounts, type StackFit } from './fit-stack';
import type { MovieNeighbourLists } from '../format/neighbour-lists';
import { buildReasonNeighbours } from './reason-neighbours';
import type { TrainingTriples } from './triples';

export interface ServingArtifact {
  /** The model with its reason lists, always, and the new-user stack when one was fitted. */
  artifact: NcfArtifact & { reasonNeighbours: MovieNeighbourLists };
  /** Seconds spent on the neighbour lists. */
  neighbourSeconds: number;
}

/**
 * What a trained model (trainNcf's artifact for `data`) gets before it is served: its movies'
 * co-rating neighbour lists (the reasons), and the new-user stack fitted for it
 * (fitNewUserStack on the same data and config), with every movie's mean over all of `data` in
 * the model's movie order. The faithful model is served without a stack (null).
 */
export function servingArtifact(
  model: NcfArtifact,
  data: TrainingTriples,
  stackFit: StackFit | null,
): ServingArtifact {
  const started = performance.now();
  const reasonNeighbours = buildReasonNeighbours(data, model.movieIds);
  const neighbourSeconds = (performance.now() - started) / 1000;
  const movieMeans = stackFit
    ? Array.from(meansAndCounts(data, model.movieIds).movieMeans, (m) => Math.round(m * 1e5) / 1e5)
    : [];
  return {
    artifact: {
      ...model,
      reasonNeighbours,
      ...(stackFit ? { newUserStack: { ...stackFit.stack, itemMeans: movieMeans } } : {}),
    },
    neighbourSeconds,
  };
}
