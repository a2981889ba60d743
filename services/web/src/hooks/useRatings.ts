'use client';

import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../lib/api-client';
import { withPendingRatings } from '../lib/pending-summary';
import { queryKeys } from '../lib/queries';
import { usePendingWrites } from './usePendingWrites';

/** The user's saved ratings, as the gateway lists them (newest first). */
export function useSavedRatings() {
  return useQuery({ queryKey: queryKeys.ratings, queryFn: () => api.getRatings() });
}

/**
 * Every rating as the user made it: the gateway's plus the writes still on their way, by movie
 * id; and the query behind the saved ones (its loading and error state).
 */
export function useRatings() {
  const query = useSavedRatings();
  const { snapshot } = usePendingWrites();
  const saved = useMemo(
    () => new Map((query.data?.ratings ?? []).map((r) => [r.movie.id, r.rating])),
    [query.data],
  );
  const ratings = useMemo(
    () => withPendingRatings(saved, snapshot.entries),
    [saved, snapshot.entries],
  );
  return { query, ratings };
}
