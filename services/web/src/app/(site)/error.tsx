'use client';

import { PageMain } from '../../components/PageMain';
import styles from '../../components/StatusMessage.module.css';

/** A page that failed to render (e.g. the gateway did not answer for a film's page). */
export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  return (
    <PageMain>
      <section className={styles.status} role="alert" data-testid="page-error">
        <h1 className={styles.title}>This page could not be shown</h1>
        <p className={styles.text}>Marquee did not answer in time. Please try again in a moment.</p>
        <button type="button" className="button button-primary" onClick={reset}>
          Try again
        </button>
      </section>
    </PageMain>
  );
}
