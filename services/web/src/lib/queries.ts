import { QueryClient } from '@tanstack/react-query';
import type { RecommendationFilter } from '@marquee/contracts';
import { ApiClientError } from './api-client';

/**
 * The one catalogue of the page's query keys. Everything a rating or a list change affects is
 * found by these prefixes.
 */
export const queryKeys = {
  ratings: ['ratings'] as const,
  watchlist: ['watchlist'] as const,
  notInterested: ['not-interested'] as const,
  /** The films offered for rating on the rate page (kept while the user moves around). */
  sample: ['movies', 'sample'] as const,
  search: (query: string) => ['movies', 'search', query] as const,
  recommendations: ['recommendations'] as const,
  recommendationsFor: (filter: RecommendationFilter) =>
    ['recommendations', filter.genre ?? null, filter.decade ?? null] as const,
  movie: (movieId: number) => ['movie', movieId] as const,
  /** Its key starts with movie(): invalidating a film's details invalidates this too. */
  movieForMe: (movieId: number) => ['movie', movieId, 'for-me'] as const,
  training: ['models', 'training'] as const,
  /** Who the browser is: anonymous, or an account's username. */
  account: ['account'] as const,
};

/** HTTP 503: no model is ready yet (the recommendations wait and ask again). */
export function isModelPending(error: unknown): boolean {
  return error instanceof ApiClientError && error.status === 503;
}

/** The message of a failed request, or `fallback`. */
export function errorMessage(error: unknown, fallback: string): string {
  return error instanceof Error && error.message ? error.message : fallback;
}

/**
 * The page's QueryClient. No automatic retries and no refetch on focus: a failed request shows
 * its error with a Retry button, as the views always did, and a list does not change under the
 * user's pointer when the window regains focus.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false, staleTime: 0 },
      mutations: { retry: false },
    },
  });
}
