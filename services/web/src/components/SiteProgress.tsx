'use client';

import { usePathname, useRouter } from 'next/navigation';
import { useIsFetching, useQueryClient } from '@tanstack/react-query';
import { useRatings } from '../hooks/useRatings';
import { queryKeys } from '../lib/queries';
import { RatingProgress } from './RatingProgress';

/**
 * The rating progress on every page of the site, with "Get recommendations": it leads to
 * /recommendations, where it draws a new list.
 */
export function SiteProgress() {
  const router = useRouter();
  const pathname = usePathname();
  const client = useQueryClient();
  const { query, ratings } = useRatings();
  const drawing = useIsFetching({ queryKey: queryKeys.recommendations }) > 0;
  const onRecommendations = pathname === '/recommendations';

  function getRecommendations() {
    if (onRecommendations) void client.invalidateQueries({ queryKey: queryKeys.recommendations });
    else router.push('/recommendations');
  }

  return (
    <RatingProgress
      ratedCount={ratings.size}
      loading={query.isPending}
      busy={onRecommendations && drawing}
      onGetRecommendations={getRecommendations}
    />
  );
}
