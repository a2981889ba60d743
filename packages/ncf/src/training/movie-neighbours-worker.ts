import { buildNeighbourTables } from './movie-neighbours-thread';
import { serveWorkerTask } from './worker-task';

/** Worker thread entry (buildMovieNeighboursInWorker). */
serveWorkerTask(buildNeighbourTables);
