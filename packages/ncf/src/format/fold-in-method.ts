/**
 * How a user the model was not trained on gets a user vector from their ratings:
 * - 'average': the faithful fold-in, the rating-weighted average of the rated movies' embeddings
 *   (other parts of the user vector, in models with a GMF branch or bias terms, take the mean
 *   of the trained users').
 * - 'map': the user vector that best explains the ratings through the frozen network under a
 *   ridge prior (maximum a posteriori with Gaussian noise and prior): it minimises
 *     sum_j (r_j - f_j(u))^2 + ridge.embedding * |u_emb - c|^2 + ridge.bias * u_bias^2
 *   where u_emb is the MLP and GMF embedding part, c is the 'average' fold-in for the MLP part
 *   (what the user rated says something even before how) and 0 for the GMF part, solved by
 *   Gauss-Newton steps (a small linear system each).
 */
export type FoldInMethod = 'average' | 'map';
export const FOLD_IN_METHODS: readonly FoldInMethod[] = ['average', 'map'];
