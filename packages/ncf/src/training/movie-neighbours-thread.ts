import { join } from 'node:path';
import { MovieNeighbours, type MovieNeighbourOptions } from './movie-neighbours';
import type { TrainingTriples } from './triples';
import { runWorkerTask, workerScriptExists } from './worker-task';

/** What buildMovieNeighboursInWorker hands its worker. */
export interface MovieNeighboursRequest {
  triples: Pick<TrainingTriples, 'userIds' | 'movieIds' | 'ratings'>;
  options: MovieNeighbourOptions;
}

/** MovieNeighbours built, and the seconds the build took. */
export interface TimedNeighbours {
  neighbours: MovieNeighbours;
  seconds: number;
}

/** What the worker posts back: MovieNeighbours' arrays (a class instance loses its methods). */
export interface MovieNeighbourTables {
  movieIds: Int32Array;
  offsets: Int32Array;
  neighbours: Int32Array;
  similarities: Float32Array;
  seconds: number;
}

/** MovieNeighbours.build, timed. */
export function buildTimedNeighbours({
  triples,
  options,
}: MovieNeighboursRequest): TimedNeighbours {
  const started = performance.now();
  const neighbours = MovieNeighbours.build(triples, options);
  return { neighbours, seconds: (performance.now() - started) / 1000 };
}

/** The worker's side: builds the lists and returns their arrays. */
export function buildNeighbourTables(request: MovieNeighboursRequest): MovieNeighbourTables {
  const { neighbours: built, seconds } = buildTimedNeighbours(request);
  const { movieIds, offsets, neighbours, similarities } = built;
  return { movieIds, offsets, neighbours, similarities, seconds };
}

const WORKER_SCRIPT = join(__dirname, 'movie-neighbours-worker.js');

/** Whether buildMovieNeighboursInWorker can use a worker thread (see workerScriptExists). */
export const canBuildNeighboursInWorker = (): boolean => workerScriptExists(WORKER_SCRIPT);

/**
 * MovieNeighbours.build in a worker thread, so that the caller's event loop keeps running (its
 * time grows faster than the ratings: sum over users of their ratings squared). The same lists
 * as built in this thread.
 */
export async function buildMovieNeighboursInWorker(
  request: MovieNeighboursRequest,
  signal?: AbortSignal,
  script: string = WORKER_SCRIPT,
): Promise<TimedNeighbours> {
  const tables = await runWorkerTask<MovieNeighboursRequest, MovieNeighbourTables>(
    script,
    request,
    { task: 'co-rating neighbour lists', signal },
  );
  const { movieIds, offsets, neighbours, similarities, seconds } = tables;
  return { neighbours: new MovieNeighbours(movieIds, offsets, neighbours, similarities), seconds };
}
