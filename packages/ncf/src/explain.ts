import { ArtifactError, type NcfArtifact } from './artifact';
import type { FilmNeighbourLists } from './reason-neighbours';
import type { MovieRating } from './scorer';
import { MOVIE_EMBEDDING } from './weights-layout';

/** Rated films at least this good can be the reason for a recommendation. */
export const REASON_MIN_RATING = 3.5;

/**
 * Within one answer, each earlier citation of an anchor scales its similarity by this when the
 * next reason is chosen. A popular film the user liked is near the top of most films' co-rating
 * lists and would otherwise explain almost every recommendation; this spreads the reasons over
 * anchors that are nearly as close, and still cites the closest when the others are far behind.
 */
export const REASON_REUSE_DISCOUNT = 0.7;
/** ...but an anchor less than this share as similar as the film's closest is never preferred. */
export const REASON_MIN_SHARE = 0.5;

/**
 * Picks among candidates for one reason: the highest similarity after each candidate's
 * discount, among those at least REASON_MIN_SHARE as similar as the closest; `before` breaks
 * ties (true when a goes first). Null for no candidate.
 */
function chooseReason<T extends { similarity: number; uses: number }>(
  candidates: readonly T[],
  before: (a: T, b: T) => boolean = () => false,
): T | null {
  if (candidates.length === 0) return null;
  const closest = Math.max(...candidates.map((c) => c.similarity));
  const floor = closest > 0 ? closest * REASON_MIN_SHARE : closest;
  let best: { candidate: T; score: number } | null = null;
  for (const candidate of candidates) {
    if (candidate.similarity < floor) continue;
    const score =
      candidate.similarity > 0
        ? candidate.similarity * REASON_REUSE_DISCOUNT ** candidate.uses
        : candidate.similarity;
    if (
      best === null ||
      score > best.score ||
      (score === best.score && before(candidate, best.candidate))
    ) {
      best = { candidate, score };
    }
  }
  return best && best.candidate;
}

/**
 * "Because you rated …": the anchor film and how close it is, -1 to 1 (their co-rating
 * similarity, or the cosine of their embeddings; see ItemSimilarity.explain).
 */
export interface RecommendationBecause {
  movieId: number;
  similarity: number;
}

/**
 * The films that may explain a recommendation: the user's ratings of REASON_MIN_RATING or
 * more, or, when none is that high, their best-rated films. `isKnown` filters out films the
 * model has no embedding for before choosing.
 */
export function reasonAnchors(
  ratings: readonly MovieRating[],
  isKnown: (movieId: number) => boolean = () => true,
): MovieRating[] {
  const known = ratings.filter((r) => isKnown(r.movieId));
  const liked = known.filter((r) => r.rating >= REASON_MIN_RATING);
  if (liked.length > 0) return liked;
  const best = Math.max(...known.map((r) => r.rating));
  return known.filter((r) => r.rating === best);
}

/**
 * How similar films are, for reasons: by co-ratings where the model carries its films'
 * neighbour lists (artifact format 3), else by the cosine of their item embeddings. Embedding
 * rows are normalised once, so a comparison is one dot product of `dim` values.
 */
export class ItemSimilarity {
  private readonly index: Map<number, number>;
  private readonly unit: Float32Array;

  constructor(
    private readonly movieIds: readonly number[],
    embeddings: Float32Array,
    readonly dim: number,
    /** Co-rating neighbours by model film index (aligned with movieIds), when the model has them. */
    private readonly neighbours?: FilmNeighbourLists,
  ) {
    if (embeddings.length !== movieIds.length * dim) {
      throw new RangeError(
        `embeddings must hold ${movieIds.length} x ${dim} values, got ${embeddings.length}`,
      );
    }
    this.index = new Map(movieIds.map((id, i) => [id, i]));
    this.unit = new Float32Array(embeddings.length);
    for (let i = 0; i < movieIds.length; i++) {
      let norm = 0;
      for (let k = 0; k < dim; k++) norm += (embeddings[i * dim + k] as number) ** 2;
      const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      for (let k = 0; k < dim; k++) {
        this.unit[i * dim + k] = (embeddings[i * dim + k] as number) * scale;
      }
    }
  }

  /** From a model artifact's movie embedding matrix. */
  static fromArtifact(artifact: NcfArtifact): ItemSimilarity {
    const weight = artifact.weights.find((w) => w.name === MOVIE_EMBEDDING);
    if (!weight) throw new ArtifactError(`weight ${MOVIE_EMBEDDING} is missing`);
    return new ItemSimilarity(
      artifact.movieIds,
      weight.data,
      artifact.config.embedDim,
      artifact.reasonNeighbours,
    );
  }

  has(movieId: number): boolean {
    return this.index.has(movieId);
  }

  /** Cosine of two films' embeddings; null if the model does not know one of them. */
  similarity(a: number, b: number): number | null {
    const i = this.index.get(a);
    const j = this.index.get(b);
    if (i === undefined || j === undefined) return null;
    let dot = 0;
    for (let k = 0; k < this.dim; k++) {
      dot += (this.unit[i * this.dim + k] as number) * (this.unit[j * this.dim + k] as number);
    }
    return dot;
  }

  /**
   * For each recommended film, in order, the anchor (see reasonAnchors) most similar to it: by
   * the film's co-rating neighbour list, else, when the model has no lists or none of the
   * anchors is in the film's, by embedding cosine; ties go to the higher rating, then the lower
   * id. Similarities are compared after REASON_REUSE_DISCOUNT for the anchors already cited;
   * the one returned is the anchor's own. null when no anchor or the recommended film is
   * unknown to the model.
   */
  explain(
    recommendedIds: readonly number[],
    ratings: readonly MovieRating[],
  ): Map<number, RecommendationBecause | null> {
    const anchors = reasonAnchors(ratings, (id) => this.has(id));
    const anchorIds = new Set(anchors.map((a) => a.movieId));
    const uses = new Map<number, number>();
    const reasons = new Map<number, RecommendationBecause | null>();
    for (const movieId of recommendedIds) {
      const reason =
        this.coRatedAnchor(movieId, anchorIds, uses) ??
        this.embeddingAnchor(movieId, anchors, uses);
      if (reason) uses.set(reason.movieId, (uses.get(reason.movieId) ?? 0) + 1);
      reasons.set(movieId, reason);
    }
    return reasons;
  }

  /** The anchor in the film's co-rating neighbour list chosen by chooseReason. */
  private coRatedAnchor(
    movieId: number,
    anchorIds: ReadonlySet<number>,
    uses: ReadonlyMap<number, number>,
  ): RecommendationBecause | null {
    const lists = this.neighbours;
    const i = this.index.get(movieId);
    if (!lists || i === undefined) return null;
    // Lists are sorted by similarity, so on a tie the earlier entry stays.
    const candidates: { movieId: number; similarity: number; uses: number }[] = [];
    for (let e = lists.offsets[i] as number; e < (lists.offsets[i + 1] as number); e++) {
      const anchor = this.movieIds[lists.neighbours[e] as number] as number;
      if (!anchorIds.has(anchor)) continue;
      candidates.push({
        movieId: anchor,
        similarity: lists.similarities[e] as number,
        uses: uses.get(anchor) ?? 0,
      });
    }
    const chosen = chooseReason(candidates);
    return chosen && { movieId: chosen.movieId, similarity: chosen.similarity };
  }

  /** The anchor chosen by chooseReason on embedding cosines. */
  private embeddingAnchor(
    movieId: number,
    anchors: readonly MovieRating[],
    uses: ReadonlyMap<number, number>,
  ): RecommendationBecause | null {
    const candidates: { movieId: number; similarity: number; uses: number; rating: number }[] = [];
    for (const anchor of anchors) {
      if (anchor.movieId === movieId) continue;
      const similarity = this.similarity(movieId, anchor.movieId);
      if (similarity === null) continue;
      candidates.push({
        movieId: anchor.movieId,
        similarity,
        uses: uses.get(anchor.movieId) ?? 0,
        rating: anchor.rating,
      });
    }
    const chosen = chooseReason(
      candidates,
      (a, b) => a.rating > b.rating || (a.rating === b.rating && a.movieId < b.movieId),
    );
    return chosen && { movieId: chosen.movieId, similarity: chosen.similarity };
  }
}
