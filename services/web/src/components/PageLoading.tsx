import { PageMain } from './PageMain';
import styles from './PageLoading.module.css';

/** A view's loading state (the App Router's loading.tsx of the views that read the address). */
export function PageLoading() {
  return (
    <PageMain>
      <p className={styles.loading} aria-busy="true" data-testid="page-loading">
        Loading…
      </p>
    </PageMain>
  );
}
