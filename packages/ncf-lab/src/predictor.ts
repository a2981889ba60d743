import { NcfScorer, type FoldInMethod, type MovieRating, type NcfArtifact } from '@marquee/ncf';

/**
 * Predicts ratings from a trained artifact: trained users by their vector, new users by the
 * configured fold-in. Everything goes through NcfScorer (the serving code); movies the model does
 * not know are left to the caller's fallback (NaN here).
 */
export class ArtifactPredictor {
  private readonly scorer: NcfScorer;

  constructor(artifact: NcfArtifact, foldInMethod: FoldInMethod) {
    this.scorer = NcfScorer.fromArtifact(artifact, { foldIn: foldInMethod });
  }

  /** Frees the scorer's tensors (it keeps the movie part of the first layer on the backend). */
  dispose(): void {
    this.scorer.dispose();
  }

  /** The trained user's vector, or undefined for a user absent from training. */
  trainedUser(userId: number): Float32Array | undefined {
    return this.scorer.trainedUserVector(userId);
  }

  /** A new user's vector from their ratings alone. */
  foldIn(ratings: readonly MovieRating[]): Float32Array {
    return this.scorer.foldIn(ratings);
  }

  /** The network's predicted rating per movie for a user vector (NaN for unknown movies). */
  predict(user: Float32Array, movieIds: readonly number[]): number[] {
    return this.pick(this.scorer.scoreAll(user), movieIds);
  }

  /**
   * What the product predicts for a new user from their ratings alone (the fold-in, and the
   * artifact's new-user stack when it has one), per movie (NaN for unknown movies).
   */
  predictNewUser(ratings: readonly MovieRating[], movieIds: readonly number[]): number[] {
    return this.pick(this.scorer.predictNewUser(ratings), movieIds);
  }

  private pick(scores: Float32Array, movieIds: readonly number[]): number[] {
    const index = this.scorer.network.movieIndex;
    return movieIds.map((id) => {
      const i = index.get(id);
      return i === undefined ? NaN : (scores[i] as number);
    });
  }
}
