import { Suspense } from 'react';
import type { Metadata } from 'next';
import { RecommendationsView } from '../../../components/RecommendationsView';

export const metadata: Metadata = { title: 'Recommendations' };

export default function RecommendationsPage() {
  return (
    // The filter is read from the address in the browser.
    <Suspense>
      <RecommendationsView />
    </Suspense>
  );
}
