import { PageMain } from '../../../components/PageMain';
import styles from './loading.module.css';

/**
 * Shown while a view's server part loads. The film page has none above it on purpose: it asks the
 * gateway before answering, so an unknown film is a real 404, not a streamed not-found page.
 */
export default function Loading() {
  return (
    <PageMain>
      <p className={styles.loading} aria-busy="true" data-testid="page-loading">
        Loading…
      </p>
    </PageMain>
  );
}
