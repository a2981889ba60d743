import { AccountLink } from '../components/account/AccountLink';
import { MarqueeApp } from '../components/MarqueeApp';
import styles from './page.module.css';

export default function HomePage() {
  return (
    <>
      <header className={styles.header}>
        <div className={styles.headerInner}>
          <h1 className={styles.brand}>
            <span className={styles.brandMark} aria-hidden="true">
              ★
            </span>
            Marquee
          </h1>
          <p className={styles.tagline}>
            Rate films you have seen, skip the ones you have not, and a neural network picks what to
            watch next.
          </p>
          <AccountLink />
        </div>
      </header>
      <MarqueeApp />
      <footer className={styles.footer}>
        Ratings from you and the MovieLens community. Recommendations by a neural collaborative
        filtering model.
      </footer>
    </>
  );
}
