import Link from 'next/link';
import { AccountLink } from './account/AccountLink';
import { SiteNav } from './SiteNav';
import styles from './SiteHeader.module.css';

/** The header every page shares: the brand and the navigation. */
export function SiteHeader() {
  return (
    <header className={styles.header}>
      <div className={styles.headerInner}>
        <p className={styles.brand}>
          <Link href="/" className={styles.home}>
            <span className={styles.brandMark} aria-hidden="true">
              ★
            </span>
            Marquee
          </Link>
        </p>
        <p className={styles.tagline}>
          Rate films you have seen, skip the ones you have not, and a neural network picks what to
          watch next.
        </p>
        <AccountLink className={styles.accountLink} />
      </div>
      <SiteNav />
    </header>
  );
}
