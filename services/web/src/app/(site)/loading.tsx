import { PageMain } from '../../components/PageMain';
import styles from './loading.module.css';

/** Shown while a page's server part loads (a film's page asks the gateway first). */
export default function Loading() {
  return (
    <PageMain>
      <p className={styles.loading} aria-busy="true" data-testid="page-loading">
        Loading…
      </p>
    </PageMain>
  );
}
