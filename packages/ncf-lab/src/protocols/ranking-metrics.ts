/**
 * Binary-relevance top-k ranking metrics, after recommenders' python_evaluation
 * (recommenders/evaluation/python_evaluation.py): precision_at_k, recall_at_k, ndcg_at_k with
 * binary scores, and the MAP@k that divides by the number of relevant items (the older
 * map_at_k; current versions call this `map` and make map_at_k divide by min(|relevant|, k)).
 *
 * Two deliberate differences: recommenders averages over the users present in both the truth
 * and the predictions, while here every user with a relevant item counts and a user without a
 * list scores 0 (a recommender that returns nothing is not excused); and a movie repeated in a
 * list is a hit at most once. recommenders' nDCG uses a natural-log discount by default; the
 * base cancels in DCG / IDCG, so log2 gives the same figure.
 */
import type { RatingRecord } from '@marquee/movielens';

/** userId -> recommended movie ids, best first. */
export type TopLists = ReadonlyMap<number, readonly number[]>;
/** userId -> the movie ids that count as relevant for the user. */
export type Relevant = ReadonlyMap<number, ReadonlySet<number>>;

/** Means over the evaluated users. */
export interface RankingScores {
  precision: number;
  recall: number;
  ndcg: number;
  map: number;
  /** Users averaged over: those of `relevant`. */
  users: number;
}

/**
 * Relevant movies per user from held-out ratings: those rated at least `minRating` (0, the
 * default, keeps every held-out movie; LIKED_RATING from @marquee/contracts keeps the liked ones).
 * Users left with no relevant movie are absent, since recall and MAP are undefined for them.
 */
export function relevantFromRatings(
  test: readonly RatingRecord[],
  minRating = 0,
): Map<number, Set<number>> {
  const relevant = new Map<number, Set<number>>();
  for (const { userId, movieId, rating } of test) {
    if (rating < minRating) continue;
    const movies = relevant.get(userId);
    if (movies) movies.add(movieId);
    else relevant.set(userId, new Set([movieId]));
  }
  return relevant;
}

/**
 * precision@k, recall@k, nDCG@k and MAP@k averaged over the users of `relevant`. Only the first
 * k movies of a list count; a missing list counts as empty.
 * - precision = hits / k (a list shorter than k cannot reach 1, as in recommenders and Spark);
 * - recall = hits / |relevant|;
 * - nDCG = DCG / IDCG with gain 1 at each hit, discount 1 / log2(rank + 1) for 1-based ranks,
 *   IDCG = the DCG of min(k, |relevant|) hits at the top;
 * - AP@k = (sum over hits of hits so far / rank) / |relevant|, and MAP@k its mean.
 */
export function rankingMetrics(lists: TopLists, relevant: Relevant, k: number): RankingScores {
  assertPositiveInteger('k', k);
  if (relevant.size === 0) {
    throw new RangeError('no user to evaluate: no user has a relevant film');
  }
  const sums = { precision: 0, recall: 0, ndcg: 0, map: 0 };
  for (const [userId, movies] of relevant) {
    if (movies.size === 0) throw new RangeError(`user ${userId} has no relevant film`);
    const user = userScores(lists.get(userId) ?? [], movies, k);
    sums.precision += user.precision;
    sums.recall += user.recall;
    sums.ndcg += user.ndcg;
    sums.map += user.map;
  }
  const n = relevant.size;
  return {
    precision: sums.precision / n,
    recall: sums.recall / n,
    ndcg: sums.ndcg / n,
    map: sums.map / n,
    users: n,
  };
}

/** One user's four scores; `movies` is non-empty. */
function userScores(list: readonly number[], movies: ReadonlySet<number>, k: number) {
  const found = new Set<number>();
  let dcg = 0;
  let precisionSum = 0;
  list.slice(0, k).forEach((movieId, index) => {
    if (!movies.has(movieId) || found.has(movieId)) return;
    found.add(movieId);
    const rank = index + 1;
    dcg += discount(rank);
    precisionSum += found.size / rank;
  });
  let idealDcg = 0;
  for (let rank = 1; rank <= Math.min(k, movies.size); rank++) idealDcg += discount(rank);
  const hits = found.size;
  return {
    precision: hits / k,
    recall: hits / movies.size,
    ndcg: dcg / idealDcg,
    map: precisionSum / movies.size,
  };
}

/** The DCG discount of a 1-based rank. */
function discount(rank: number): number {
  return 1 / Math.log2(rank + 1);
}

/**
 * Share of the catalogue that appears in at least one list (whole lists): a recommender that
 * shows everyone the same hits covers little of it.
 */
export function catalogueCoverage(lists: TopLists, catalogueSize: number): number {
  assertPositiveInteger('catalogueSize', catalogueSize);
  const shown = new Set<number>();
  for (const list of lists.values()) for (const movieId of list) shown.add(movieId);
  return shown.size / catalogueSize;
}

/**
 * Mean over all unordered pairs of users of |A ∩ B| / k for their top-k movies: 1 when everyone
 * gets the same list, near 0 for personal lists. Computed per movie rather than per pair, in
 * O(total list length): a movie in c lists is shared by c(c - 1) / 2 pairs. 0 with fewer than
 * two lists.
 */
export function meanOverlap(lists: TopLists, k: number): number {
  assertPositiveInteger('k', k);
  const pairs = (lists.size * (lists.size - 1)) / 2;
  if (pairs === 0) return 0;
  const listsWith = new Map<number, number>();
  for (const list of lists.values()) {
    for (const movieId of new Set(list.slice(0, k))) {
      listsWith.set(movieId, (listsWith.get(movieId) ?? 0) + 1);
    }
  }
  let shared = 0;
  for (const c of listsWith.values()) shared += (c * (c - 1)) / 2;
  return shared / (pairs * k);
}

/**
 * Mean over the users present in both maps of how many top-k movies of their first list are
 * missing from their second top k: how much two consecutive requests of the same users differ
 * (e.g. at least 3 of 10). Throws when no user is in both, as no change can be measured.
 */
export function listChange(first: TopLists, second: TopLists, k: number): number {
  assertPositiveInteger('k', k);
  let users = 0;
  let changed = 0;
  for (const [userId, before] of first) {
    const after = second.get(userId);
    if (!after) continue;
    const kept = new Set(after.slice(0, k));
    users++;
    changed += [...new Set(before.slice(0, k))].filter((movieId) => !kept.has(movieId)).length;
  }
  if (users === 0) throw new RangeError('no user has a list in both runs');
  return changed / users;
}

function assertPositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value <= 0) {
    throw new RangeError(`${name} must be a positive integer, got ${value}`);
  }
}
