import { Injectable } from '@nestjs/common';
import {
  LIKED_RATING,
  type Recommendation,
  type RecommendationReason,
  type RecommendJobResult,
} from '@marquee/contracts';
import { MovieRowsCache } from '../movies/movie-rows.cache';
import { MovieMapper } from '../movies/movie-mapper';

export type RankedItem = RecommendJobResult['items'][number];
type UserRating = { movieId: number; rating: number };

/** Turns ranked movie ids into the API's recommendations: movies joined, reasons explained. */
@Injectable()
export class RecommendationItems {
  constructor(
    private readonly movies: MovieRowsCache,
    private readonly mapper: MovieMapper,
  ) {}

  /**
   * The items in order, with their movies (movies the database does not know are left out) and,
   * given the user's ratings, their reasons; with `ratings` null, no reasons (movies the model
   * did not choose).
   */
  async join(
    items: readonly RankedItem[],
    ratings: UserRating[] | null,
  ): Promise<Recommendation[]> {
    const rows = await this.movies.findByIds(items.map((i) => i.movieId));
    const movies = new Map((await this.mapper.toMovies(rows)).map((m) => [m.id, m]));
    const reasons = ratings === null ? new Map() : await this.reasons(items, ratings);
    return items.flatMap((item) => {
      const movie = movies.get(item.movieId);
      const reason = reasons.get(item.movieId) ?? null;
      return movie ? [{ movie, predictedRating: item.predictedRating, reason }] : [];
    });
  }

  /**
   * Each item's reason. "Because you rated …" when the recommender cites a movie the user still
   * rates LIKED_RATING or more (a replica from before that rule may cite one rated lower); this
   * adds its title and the rating. Otherwise "taste" when the user liked some movie, and null
   * when they liked none.
   */
  private async reasons(
    items: readonly RankedItem[],
    ratings: UserRating[],
  ): Promise<Map<number, RecommendationReason | null>> {
    const liked = new Map(
      ratings.filter((r) => r.rating >= LIKED_RATING).map((r) => [r.movieId, r.rating]),
    );
    const fallback: RecommendationReason | null = liked.size > 0 ? { kind: 'taste' } : null;
    const cited = items.flatMap((i) => (i.because ? [i.because.movieId] : []));
    const anchorIds = [...new Set(cited.filter((id) => liked.has(id)))];
    const anchors = new Map((await this.movies.findByIds(anchorIds)).map((row) => [row.id, row]));
    const reasons = new Map<number, RecommendationReason | null>();
    for (const item of items) {
      const anchor = item.because ? anchors.get(item.because.movieId) : undefined;
      const rating = anchor ? liked.get(anchor.id) : undefined;
      reasons.set(
        item.movieId,
        item.because && anchor && rating !== undefined
          ? {
              kind: 'rated',
              movie: { id: anchor.id, title: anchor.title, year: anchor.year },
              rating,
              similarity: item.because.similarity,
            }
          : fallback,
      );
    }
    return reasons;
  }
}
