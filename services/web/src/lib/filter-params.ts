import type { Genre, RecommendationFilter } from '@marquee/contracts';
import { DECADES, GENRES } from './constants';

/** Read-only view of a query string (URLSearchParams, or Next's ReadonlyURLSearchParams). */
interface Params {
  get(name: string): string | null;
}

/**
 * The recommendations' filter in an address's query string (?genre=Comedy&decade=1990). Values
 * the filter does not offer are ignored: a shared address with a typo still shows a list.
 */
export function filterFromParams(params: Params): RecommendationFilter {
  const genre = params.get('genre');
  const decade = Number(params.get('decade') ?? NaN);
  return {
    ...(genre !== null && (GENRES as readonly string[]).includes(genre)
      ? { genre: genre as Genre }
      : {}),
    ...(DECADES.includes(decade) ? { decade } : {}),
  };
}

/** The query string of the address that shows `filter` ('' for none, else starting with ?). */
export function filterQueryString(filter: RecommendationFilter): string {
  const params = new URLSearchParams();
  if (filter.genre !== undefined) params.set('genre', filter.genre);
  if (filter.decade !== undefined) params.set('decade', String(filter.decade));
  const text = params.toString();
  return text ? `?${text}` : '';
}
