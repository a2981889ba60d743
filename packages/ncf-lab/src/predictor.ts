import { NcfScorer, type FoldInMethod, type MovieRating, type NcfArtifact } from '@marquee/ncf';

/**
 * Predicts ratings from a trained artifact: trained users by their vector, new users by the
 * configured fold-in. Everything goes through NcfScorer (the serving code); films the model does
 * not know are left to the caller's fallback (NaN here).
 */
export class ArtifactPredictor {
  private readonly scorer: NcfScorer;

  constructor(artifact: NcfArtifact, foldInMethod: FoldInMethod) {
    this.scorer = NcfScorer.fromArtifact(artifact, { foldIn: foldInMethod });
  }

  /** Frees the scorer's tensors (it keeps the film part of the first layer on the backend). */
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

  /** Predicted rating per film (NaN for films the model does not know). */
  predict(user: Float32Array, movieIds: readonly number[]): number[] {
    const scores = this.scorer.scoreAll(user);
    const index = this.scorer.network.movieIndex;
    return movieIds.map((id) => {
      const i = index.get(id);
      return i === undefined ? NaN : (scores[i] as number);
    });
  }
}
