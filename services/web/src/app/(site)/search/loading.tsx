import { PageLoading } from '../../../components/PageLoading';

/**
 * This view reads the address's query string, so it renders in the browser: this is shown until
 * it does. The other views have no loading boundary on purpose: they hydrate in one pass with the
 * layout, whose queries could otherwise fill the cache before a separately hydrated view and make
 * it render differently from the server's HTML; and the film page asks the gateway before
 * answering, so an unknown film is a real 404.
 */
export default function Loading() {
  return <PageLoading />;
}
