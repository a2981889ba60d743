import type { Metadata } from 'next';
import { NotFoundMessage } from '../components/NotFoundMessage';
import { PageMain } from '../components/PageMain';
import { SiteHeader } from '../components/SiteHeader';

export const metadata: Metadata = { title: 'Not found' };

/** An address no route matches: the site's header, and the way back. */
export default function NotFound() {
  return (
    <>
      <SiteHeader />
      <PageMain>
        <NotFoundMessage />
      </PageMain>
    </>
  );
}
