import type { Metadata } from 'next';
import { NotFoundMessage } from '../../components/NotFoundMessage';
import { PageMain } from '../../components/PageMain';

export const metadata: Metadata = { title: 'Not found' };

/** A page of the site that does not exist (an unknown film). */
export default function NotFound() {
  return (
    <PageMain>
      <NotFoundMessage />
    </PageMain>
  );
}
