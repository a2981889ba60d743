import styles from './SkeletonCard.module.css';

/** A grey stand-in for a movie card while movies load. */
export function SkeletonCard() {
  return (
    <li className={styles.card} aria-hidden="true" data-testid="skeleton-card">
      <div className={styles.poster} />
      <div className={styles.body}>
        <div className={styles.line} />
        <div className={`${styles.line} ${styles.short}`} />
        <div className={`${styles.line} ${styles.stars}`} />
      </div>
    </li>
  );
}
