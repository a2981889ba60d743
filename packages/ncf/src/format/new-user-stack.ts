import type { FoldInMethod } from './fold-in-method';

/** Per bucket: intercept, NCF, userOffset, kNN. */
export const STACK_FEATURES = 4;
/**
 * The new-user stack: a new user's NCF predictions corrected, per movie-count bucket b, by
 *   pred = rbar + a_b + beta_b (ncf - rbar) + gamma_b (userOffset - rbar) + delta_b knn
 * - rbar: the mean of the user's ratings;
 * - userOffset: the movie's mean rating plus the user's shrunk offset from the means of the
 *   movies they rated, sum(r - mean) / (n + lambda);
 * - knn: the user's residuals from userOffset on the movies they rated, averaged over the movies'
 *   co-rating neighbour lists: sum s_ij z_j / (sum |s_ij| + KNN_DAMPING) over the rated j whose
 *   list holds i.
 * The NCF knows each movie's place among the others; item means and neighbours know popular movies
 * from more ratings than ten of one user's can move. The weights say how much of each, and
 * differ by how often the movie was rated.
 */
export interface NewUserStack {
  /**
   * The fold-in whose predictions the weights were fitted on; other fold-ins are left as they are.
   */
  foldIn: FoldInMethod;
  /** userOffset's shrinkage (ratings' worth of a zero offset). */
  lambda: number;
  bucketEdges: number[];
  /** Per bucket: [a, beta, gamma, delta]. */
  weights: number[][];
  /**
   * Mean training rating of each movie, by model index (the overall mean for a movie nobody rated).
   */
  itemMeans: number[];
}

/** What is wrong with a stack meant for a model of `movies` movies, or null when nothing is. */
export function newUserStackProblem(stack: NewUserStack, movies: number): string | null {
  if (typeof stack !== 'object' || stack === null) return 'must be an object';
  if (stack.foldIn !== 'map' && stack.foldIn !== 'average') return 'foldIn must be map or average';
  if (!(Number.isFinite(stack.lambda) && stack.lambda >= 0)) return 'lambda must be a number >= 0';
  const edges = stack.bucketEdges;
  if (
    !Array.isArray(edges) ||
    edges.length === 0 ||
    edges[0] !== 0 ||
    edges.some((e, b) => !Number.isSafeInteger(e) || (b > 0 && e <= (edges[b - 1] as number)))
  ) {
    return 'bucketEdges must be increasing whole numbers starting at 0';
  }
  const weights = stack.weights;
  if (
    !Array.isArray(weights) ||
    weights.length !== edges.length ||
    !weights.every(
      (w) => Array.isArray(w) && w.length === STACK_FEATURES && w.every(Number.isFinite),
    )
  ) {
    return `weights must hold ${STACK_FEATURES} finite numbers per bucket (${edges.length})`;
  }
  if (!Array.isArray(stack.itemMeans) || stack.itemMeans.length !== movies) {
    return `itemMeans must hold one mean per film (${movies})`;
  }
  if (!stack.itemMeans.every(Number.isFinite)) return 'itemMeans must be finite';
  return null;
}
