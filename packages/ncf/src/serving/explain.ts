import { LIKED_RATING } from '../format/ratings';
import type { NcfArtifact } from '../format/artifact';
import type { MovieNeighbourLists } from '../format/neighbour-lists';
import type { MovieRating } from './scorer';

/** Only movies the user liked (rated this or more) can be the reason for a recommendation. */
export const REASON_MIN_RATING = LIKED_RATING;

/**
 * Within one answer, each earlier citation of an anchor scales its similarity by this when the
 * next reason is chosen. A popular movie the user liked is near the top of most movies' co-rating
 * lists and would otherwise explain almost every recommendation; this spreads the reasons over
 * anchors that are nearly as close, and still cites the closest when the others are far behind.
 */
export const REASON_REUSE_DISCOUNT = 0.7;
/** ...but an anchor less than this share as similar as the movie's closest is never preferred. */
export const REASON_MIN_SHARE = 0.5;

/**
 * Picks among candidates for one reason (similarities are positive, as in the neighbour lists):
 * the highest similarity after each candidate's discount, among those at least REASON_MIN_SHARE
 * as similar as the closest; on a tie the earlier candidate. Null for no candidate.
 */
function chooseReason<T extends { similarity: number; uses: number }>(
  candidates: readonly T[],
): T | null {
  if (candidates.length === 0) return null;
  const floor = Math.max(...candidates.map((c) => c.similarity)) * REASON_MIN_SHARE;
  let best: { candidate: T; score: number } | null = null;
  for (const candidate of candidates) {
    if (candidate.similarity < floor) continue;
    const score = candidate.similarity * REASON_REUSE_DISCOUNT ** candidate.uses;
    if (best === null || score > best.score) best = { candidate, score };
  }
  return best && best.candidate;
}

/**
 * "Because you rated …": a movie the user liked that is among the recommended movie's co-rating
 * neighbours, and their co-rating similarity, in (0, 1] (see MovieSimilarity.explain).
 */
export interface RecommendationBecause {
  movieId: number;
  similarity: number;
}

/**
 * Which rated movie, if any, explains a recommendation: one the user liked that is among the
 * recommended movie's strongest co-rating neighbours, the lists a model carries from artifact
 * format 3 on (MovieNeighbourLists). Nothing else is ever cited: not a movie the user rated lower,
 * and not a movie merely close in the model's embedding space, which often is unrelated.
 */
export class MovieSimilarity {
  private readonly index: Map<number, number>;

  constructor(
    private readonly movieIds: readonly number[],
    /** Co-rating neighbours by model movie index (aligned with movieIds); none: no reasons. */
    private readonly neighbours?: MovieNeighbourLists,
  ) {
    this.index = new Map(movieIds.map((id, i) => [id, i]));
  }

  /** From a model artifact's movies and their neighbour lists (none before format 3). */
  static fromArtifact(artifact: NcfArtifact): MovieSimilarity {
    return new MovieSimilarity(artifact.movieIds, artifact.reasonNeighbours);
  }

  /**
   * For each recommended movie, in order, the movie the user liked (rated REASON_MIN_RATING or
   * more) that its co-rating neighbour list ranks highest, with that similarity. Similarities
   * are compared after REASON_REUSE_DISCOUNT for the anchors already cited, and an anchor less
   * than REASON_MIN_SHARE as similar as the closest is never preferred; on a tie the one earlier
   * in the list. null when no liked movie is in the movie's list (or the model has no lists, or
   * does not know the movie). The share of recommendations with a reason is the share of
   * non-null values.
   */
  explain(
    recommendedIds: readonly number[],
    ratings: readonly MovieRating[],
  ): Map<number, RecommendationBecause | null> {
    const liked = new Set(
      ratings.filter((r) => r.rating >= REASON_MIN_RATING).map((r) => r.movieId),
    );
    const uses = new Map<number, number>();
    const reasons = new Map<number, RecommendationBecause | null>();
    for (const movieId of recommendedIds) {
      const reason = liked.size > 0 ? this.coRatedAnchor(movieId, liked, uses) : null;
      if (reason) uses.set(reason.movieId, (uses.get(reason.movieId) ?? 0) + 1);
      reasons.set(movieId, reason);
    }
    return reasons;
  }

  /**
   * The movie's `count` strongest co-rating neighbours, most similar first; empty when the
   * model has no lists or does not know the movie.
   */
  similarTo(movieId: number, count: number): RecommendationBecause[] {
    const lists = this.neighbours;
    const i = this.index.get(movieId);
    if (!lists || i === undefined) return [];
    const start = lists.offsets[i] as number;
    const end = Math.min(lists.offsets[i + 1] as number, start + Math.max(0, count));
    const similar: RecommendationBecause[] = [];
    for (let e = start; e < end; e++) {
      similar.push({
        movieId: this.movieIds[lists.neighbours[e] as number] as number,
        similarity: lists.similarities[e] as number,
      });
    }
    return similar;
  }

  /** The liked movie in the movie's co-rating neighbour list chosen by chooseReason. */
  private coRatedAnchor(
    movieId: number,
    liked: ReadonlySet<number>,
    uses: ReadonlyMap<number, number>,
  ): RecommendationBecause | null {
    const lists = this.neighbours;
    const i = this.index.get(movieId);
    if (!lists || i === undefined) return null;
    // Lists are sorted by similarity, so on a tie the earlier entry stays.
    const candidates: { movieId: number; similarity: number; uses: number }[] = [];
    for (let e = lists.offsets[i] as number; e < (lists.offsets[i + 1] as number); e++) {
      const anchor = this.movieIds[lists.neighbours[e] as number] as number;
      if (!liked.has(anchor)) continue;
      candidates.push({
        movieId: anchor,
        similarity: lists.similarities[e] as number,
        uses: uses.get(anchor) ?? 0,
      });
    }
    const chosen = chooseReason(candidates);
    return chosen && { movieId: chosen.movieId, similarity: chosen.similarity };
  }
}
