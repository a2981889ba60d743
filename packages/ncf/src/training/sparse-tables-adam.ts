import * as tf from '@tensorflow/tfjs';
import { LazyAdamVariable } from './lazy-adam-variable';

/**
 * The rating network's user and movie tables under sparse Adam (NcfConfig.sparseAdamAboveMovies):
 * each step updates the rows of the batch's distinct users in the user tables and of its distinct
 * movies in the movie tables, with the ridge prior on those rows; every other variable is left to
 * the caller's optimizer.
 */
export class SparseTablesAdam {
  private readonly users: LazyAdamVariable[];
  private readonly movies: LazyAdamVariable[];
  private readonly handled: Set<string>;
  private steps = 0;

  /** `l2` weighs each touched row's squared norm in a step's loss. */
  constructor(
    tables: { users: tf.Variable[]; movies: tf.Variable[] },
    learningRate: number,
    private readonly l2: number,
  ) {
    this.users = tables.users.map((t) => new LazyAdamVariable(t, learningRate));
    this.movies = tables.movies.map((t) => new LazyAdamVariable(t, learningRate));
    this.handled = new Set([...tables.users, ...tables.movies].map((t) => t.name));
  }

  /**
   * Takes a step for the tables from their gradients in `gradients` (by variable name), for the
   * batch's user and movie indices (repeats allowed); returns the other variables' gradients.
   */
  apply(
    gradients: tf.NamedTensorMap,
    userIndex: ArrayLike<number>,
    movieIndex: ArrayLike<number>,
  ): { name: string; tensor: tf.Tensor }[] {
    const step = ++this.steps;
    const users = distinct(userIndex);
    const movies = distinct(movieIndex);
    const take = (tables: LazyAdamVariable[], rows: tf.Tensor1D) => {
      for (const table of tables) {
        const gradient = gradients[table.variable.name];
        if (gradient) table.update(rows, gradient, step, this.l2);
      }
    };
    take(this.users, users);
    take(this.movies, movies);
    tf.dispose([users, movies]);
    return Object.entries(gradients)
      .filter(([name]) => !this.handled.has(name))
      .map(([name, tensor]) => ({ name, tensor }));
  }

  dispose(): void {
    for (const table of [...this.users, ...this.movies]) table.dispose();
  }
}

function distinct(indices: ArrayLike<number>): tf.Tensor1D {
  return tf.tensor1d(Int32Array.from(new Set(Array.from(indices))), 'int32');
}
