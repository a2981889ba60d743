import Link from 'next/link';
import styles from './StatusMessage.module.css';

/** What the not-found pages say. */
export function NotFoundMessage() {
  return (
    <section className={styles.status} data-testid="not-found">
      <h1 className={styles.title}>Nothing here</h1>
      <p className={styles.text}>
        There is no such page or film. It may have been removed, or the address may be mistyped.
      </p>
      <Link href="/" className="button button-primary">
        Rate films
      </Link>
    </section>
  );
}
