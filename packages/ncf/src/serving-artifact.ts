import type { NcfArtifact } from './artifact';
import { fitNewUserStack, type StackFit } from './cold-start/fit-stack';
import { buildReasonNeighbours, type FilmNeighbourLists } from './reason-neighbours';
import type { TrainingTriples } from './triples';

export interface ServingArtifact {
  /** The model with its reason lists, always, and the stack when fitted. */
  artifact: NcfArtifact & { reasonNeighbours: FilmNeighbourLists };
  /** The new-user stack's fit; null when not asked for or too few users qualified. */
  stackFit: StackFit | null;
  /** Seconds spent on the neighbour lists. */
  neighbourSeconds: number;
}

/**
 * What a trained model (trainNcf's artifact for `data`) gets before it is served: its films'
 * co-rating neighbour lists (the reasons), and, with `newUserStack`, the new-user stack fitted
 * on its validation ratings (fitNewUserStack). The seed's faithful model is served without one.
 */
export function servingArtifact(
  model: NcfArtifact,
  data: TrainingTriples,
  options: { newUserStack: boolean },
): ServingArtifact {
  const started = performance.now();
  const reasonNeighbours = buildReasonNeighbours(data, model.movieIds);
  const neighbourSeconds = (performance.now() - started) / 1000;
  const stackFit = options.newUserStack ? fitNewUserStack(model, data) : null;
  return {
    artifact: {
      ...model,
      reasonNeighbours,
      ...(stackFit ? { newUserStack: stackFit.stack } : {}),
    },
    stackFit,
    neighbourSeconds,
  };
}
