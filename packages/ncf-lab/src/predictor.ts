import { NcfScorer, type MovieRating, type NcfArtifact } from '@marquee/ncf';
import { FrozenNcf } from './frozen-ncf';
import type { FoldInMethod } from './lab-config';

/**
 * Predicts ratings from a trained artifact: trained users by their embedding, new users by the
 * configured fold-in. Scoring goes through NcfScorer (the serving code); films the model does
 * not know are left to the caller's fallback (NaN here).
 */
export class ArtifactPredictor {
  private readonly scorer: NcfScorer;
  private readonly network: FrozenNcf;
  private readonly movieIndex: Map<number, number>;

  constructor(
    artifact: NcfArtifact,
    private readonly foldInMethod: FoldInMethod,
  ) {
    this.scorer = NcfScorer.fromArtifact(artifact);
    this.network = new FrozenNcf(artifact);
    this.movieIndex = new Map(this.scorer.movieIds.map((id, i) => [id, i]));
  }

  /** Frees the scorer's tensors (it keeps the film part of the first layer on the backend). */
  dispose(): void {
    this.scorer.dispose();
  }

  /** The trained user's vector, or undefined for a user absent from training. */
  trainedUser(userId: number): Float32Array | undefined {
    return this.network.userVector(userId);
  }

  /** A new user's vector from their ratings alone. */
  foldIn(ratings: readonly MovieRating[]): Float32Array {
    const average = this.scorer.foldIn([...ratings]);
    if (this.foldInMethod.method === 'rating-weighted-average') return average;
    return this.network.fitUser(average, ratings, this.foldInMethod);
  }

  /** Predicted rating per film (NaN for films the model does not know). */
  predict(user: Float32Array, movieIds: readonly number[]): number[] {
    const scores = this.scorer.scoreAll(user);
    return movieIds.map((id) => {
      const i = this.movieIndex.get(id);
      return i === undefined ? NaN : (scores[i] as number);
    });
  }
}
