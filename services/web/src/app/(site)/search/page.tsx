import { Suspense } from 'react';
import type { Metadata } from 'next';
import { MovieSearch } from '../../../components/MovieSearch';
import { PageMain } from '../../../components/PageMain';

export const metadata: Metadata = { title: 'Search' };

export default function SearchPage() {
  return (
    <PageMain>
      {/* The query is read from the address in the browser. */}
      <Suspense>
        <MovieSearch />
      </Suspense>
    </PageMain>
  );
}
