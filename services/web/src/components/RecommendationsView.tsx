'use client';

import { useRouter, useSearchParams } from 'next/navigation';
import type { RecommendationFilter } from '@marquee/contracts';
import { useAnnouncer } from '../hooks/useAnnouncer';
import { useModelTraining } from '../hooks/useModelTraining';
import { useRatings } from '../hooks/useRatings';
import { useRecommendations } from '../hooks/useRecommendations';
import { useWatchlist } from '../hooks/useWatchlist';
import { filterFromParams, filterQueryString } from '../lib/filter-params';
import { PageMain } from './PageMain';
import { Recommendations } from './Recommendations';

/** /recommendations: the model's list, its genre and decade filter kept in the address. */
export function RecommendationsView() {
  const router = useRouter();
  const filter = filterFromParams(useSearchParams());
  const recommendations = useRecommendations(filter);
  const training = useModelTraining(recommendations.state.kind === 'waiting');
  const { ratings } = useRatings();
  const watchlist = useWatchlist();
  const { announce, region } = useAnnouncer();

  const setFilter = (next: RecommendationFilter) =>
    router.replace(`/recommendations${filterQueryString(next)}`, { scroll: false });

  return (
    <PageMain>
      <Recommendations
        state={recommendations.state}
        training={training}
        ratings={ratings}
        onLoad={recommendations.load}
        watchlist={watchlist}
        filter={filter}
        onFilterChange={setFilter}
        announce={announce}
      />
      {region}
    </PageMain>
  );
}
