import { Injectable } from '@nestjs/common';
import {
  isFiltering,
  matchesFilter,
  type Recommendation,
  type RecommendationFilter,
  type RecommendationsResponse,
} from '@marquee/contracts';
import { PopularMoviesCache } from '../movies/popular-movies.cache';
import type { RecommendInputs } from './recommend-inputs.repository';
import { LastRecommendationsRepository } from './last-recommendations.repository';
import { RecommendationItems } from './recommendation-items';

/**
 * What the gateway answers from what it already knows when the recommender cannot answer in
 * time: the user's last list from the model, less the movies rated, skipped, marked "not
 * interested" or watchlisted since, filled up to `count` with popular movies; or, with no such
 * list, the most-rated movies the user has none of those for. With a filter, only the movies of
 * both that match it. A popular movie's stars are its mean rating.
 */
@Injectable()
export class RecommendationFallback {
  constructor(
    private readonly lastLists: LastRecommendationsRepository,
    private readonly popular: PopularMoviesCache,
    private readonly items: RecommendationItems,
  ) {}

  /** Null when neither has a movie left for the user. */
  async answer(
    user: RecommendInputs,
    count: number,
    filter: RecommendationFilter = {},
  ): Promise<RecommendationsResponse | null> {
    const seen = new Set([
      ...user.ratings.map((r) => r.movieId),
      ...user.skipped,
      ...user.notInterested,
      ...user.watchlisted,
    ]);
    const filtered = isFiltering(filter);
    const last = user.userId === null ? null : await this.lastLists.find(user.userId);
    const unseen = (last?.items ?? []).filter((i) => !seen.has(i.movieId));
    const fromLast = filtered
      ? (await this.items.join(unseen, user.ratings))
          .filter((i) => matchesFilter(i.movie, filter))
          .slice(0, count)
      : await this.items.join(unseen.slice(0, count), user.ratings);
    for (const item of fromLast) seen.add(item.movie.id);
    const fill = await this.popularMovies(seen, count - fromLast.length, filter);
    if (last !== null && fromLast.length > 0) {
      const source = { kind: 'last' as const, at: last.madeAt.toISOString(), popular: fill.length };
      return {
        modelVersion: last.modelVersion,
        replica: null,
        source,
        items: [...fromLast, ...fill],
      };
    }
    if (fill.length === 0) return null;
    return { modelVersion: null, replica: null, source: { kind: 'popular' }, items: fill };
  }

  /**
   * Up to `count` of the most-rated movies not in `seen`, without reasons (no model chose them).
   */
  private async popularMovies(
    seen: ReadonlySet<number>,
    count: number,
    filter: RecommendationFilter,
  ): Promise<Recommendation[]> {
    if (count <= 0) return [];
    const filtered = isFiltering(filter);
    const unseen = (await this.popular.list()).filter((f) => !seen.has(f.movieId));
    const movies = (filtered ? unseen : unseen.slice(0, count)).map((f) => ({
      movieId: f.movieId,
      predictedRating: Math.round(f.meanRating * 100) / 100,
    }));
    const joined = await this.items.join(movies, null);
    return filtered ? joined.filter((i) => matchesFilter(i.movie, filter)).slice(0, count) : joined;
  }
}
