import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildSyntheticTriples } from '../testing/synthetic-triples';
import {
  buildMovieNeighboursInWorker,
  buildTimedNeighbours,
  canBuildNeighboursInWorker,
  type MovieNeighboursRequest,
} from './movie-neighbours-thread';
import { buildReasonNeighbours, reasonListsFor } from './reason-neighbours';

const triples = buildSyntheticTriples({ users: 60, movies: 50, ratingsPerUser: 15, seed: 11 });
const request: MovieNeighboursRequest = { triples, options: { neighbours: 5 } };

describe('buildTimedNeighbours', () => {
  it("gives buildReasonNeighbours' lists through reasonListsFor", () => {
    // The model's movie order: reversed, with a film nobody rated.
    const modelMovieIds = [...new Set(triples.movieIds)].reverse().concat([1]);
    const { neighbours } = buildTimedNeighbours(request);
    expect(reasonListsFor(neighbours, modelMovieIds)).toEqual(
      buildReasonNeighbours(triples, modelMovieIds, 5),
    );
  });
});

describe('buildMovieNeighboursInWorker', () => {
  // The worker runs the package's build; typecheck (tsc -b) makes it before the tests.
  const script = join(__dirname, '../../dist/training/movie-neighbours-worker.js');
  const built = existsSync(script);

  it('is used only from the build (these tests run the TypeScript sources)', () => {
    expect(canBuildNeighboursInWorker()).toBe(false);
  });

  (built ? it : it.skip)('builds the same lists in a worker thread as in this one', async () => {
    const inThread = buildTimedNeighbours(request).neighbours;
    const { neighbours: inWorker } = await buildMovieNeighboursInWorker(request, undefined, script);
    expect(inThread.offsets[inThread.movieCount]).toBeGreaterThan(0);
    expect(inWorker.movieIds).toEqual(inThread.movieIds);
    expect(inWorker.offsets).toEqual(inThread.offsets);
    expect(inWorker.neighbours).toEqual(inThread.neighbours);
    expect(inWorker.similarities).toEqual(inThread.similarities);
    const film = inThread.movieIds[0] as number;
    expect(inWorker.neighboursOf(film)).toEqual(inThread.neighboursOf(film));
  });

  (built ? it : it.skip)('reports a failure in the worker as a rejection', async () => {
    const bad = { ...request, triples: { ...triples, ratings: triples.ratings.subarray(1) } };
    await expect(buildMovieNeighboursInWorker(bad, undefined, script)).rejects.toThrow(
      /co-rating neighbour lists failed: .*differ in length/,
    );
  });

  (built ? it : it.skip)('rejects when cancelled', async () => {
    const cancel = new AbortController();
    const pending = buildMovieNeighboursInWorker(request, cancel.signal, script);
    cancel.abort();
    await expect(pending).rejects.toThrow('co-rating neighbour lists cancelled');
  });
});
