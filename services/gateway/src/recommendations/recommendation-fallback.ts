import { Injectable } from '@nestjs/common';
import type { RecommendationsResponse } from '@marquee/contracts';
import { PopularMoviesCache } from '../movies/popular-movies.cache';
import type { RecommendInputs } from './recommend-inputs.repository';
import { LastRecommendationsRepository } from './last-recommendations.repository';
import { RecommendationItems } from './recommendation-items';

/**
 * What the gateway answers from what it already knows when the recommender cannot answer in
 * time: the user's last list from the model, less the films rated or skipped since; or else the
 * most-rated films the user has not rated or skipped, each with its mean rating as its stars.
 */
@Injectable()
export class RecommendationFallback {
  constructor(
    private readonly lastLists: LastRecommendationsRepository,
    private readonly popular: PopularMoviesCache,
    private readonly items: RecommendationItems,
  ) {}

  /** Null when neither has a film left for the user. */
  async answer(user: RecommendInputs, count: number): Promise<RecommendationsResponse | null> {
    const seen = new Set([...user.ratings.map((r) => r.movieId), ...user.skipped]);
    const last = user.userId === null ? null : await this.lastLists.find(user.userId);
    if (last !== null) {
      const left = last.items.filter((i) => !seen.has(i.movieId)).slice(0, count);
      const items = await this.items.join(left, user.ratings);
      if (items.length > 0) {
        const source = { kind: 'last' as const, at: last.madeAt.toISOString() };
        return { modelVersion: last.modelVersion, replica: null, source, items };
      }
    }
    const popular = (await this.popular.films())
      .filter((f) => !seen.has(f.movieId))
      .slice(0, count)
      .map((f) => ({ movieId: f.movieId, predictedRating: Math.round(f.meanRating * 100) / 100 }));
    const items = await this.items.join(popular, null);
    if (items.length === 0) return null;
    return { modelVersion: null, replica: null, source: { kind: 'popular' }, items };
  }
}
