'use client';

import { useRouter } from 'next/navigation';
import { useQueryClient } from '@tanstack/react-query';
import { useAnnouncer } from '../hooks/useAnnouncer';
import { queryKeys } from '../lib/queries';
import { ImportExport } from './ImportExport';
import { MyRatings } from './MyRatings';
import { PageMain } from './PageMain';

/** /ratings: the user's ratings, importing and exporting them, and starting over. */
export function RatingsView() {
  const router = useRouter();
  const client = useQueryClient();
  const { announce, region } = useAnnouncer();

  /** An import wrote ratings and lists: everything they affect is read again. */
  function handleImported() {
    for (const queryKey of [
      queryKeys.ratings,
      queryKeys.watchlist,
      queryKeys.notInterested,
      queryKeys.recommendations,
      ['movie'],
    ]) {
      void client.invalidateQueries({ queryKey });
    }
    announce('Your import was saved.');
  }

  /** A new, empty profile: nothing cached belongs to it; back to rating films. */
  function handleReset() {
    void client.resetQueries();
    router.push('/');
    window.scrollTo({ top: 0 });
  }

  return (
    <PageMain>
      <ImportExport onImported={handleImported} />
      <MyRatings onReset={handleReset} />
      {region}
    </PageMain>
  );
}
